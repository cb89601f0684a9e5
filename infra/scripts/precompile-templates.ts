/**
 * Build step of the Lambda bundles: `node bin/run-ts.mjs infra/scripts/precompile-templates.ts OUT_TEMPLATES_DIR`
 * compiles the transactional templates once and writes OUT/compiled/transactional.json, so
 * the API and inbound Lambdas fill tokens instead of carrying mjml.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { precompileTransactional } from '../../lambdas/rendering/precompile-transactional.ts';
import { PRECOMPILED_FILE } from '../../lambdas/rendering/render-transactional.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('error: usage: precompile-templates.ts TEMPLATES_DIR');
  process.exit(2);
}
const compiled = await precompileTransactional(dir);
mkdirSync(path.join(dir, path.dirname(PRECOMPILED_FILE)), { recursive: true });
writeFileSync(path.join(dir, PRECOMPILED_FILE), JSON.stringify(compiled));
console.log(`precompiled ${Object.keys(compiled).length} transactional templates into ${path.join(dir, PRECOMPILED_FILE)}`);
