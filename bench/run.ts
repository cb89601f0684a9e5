/**
 * Benchmark runner (`npm run bench [-- NAME...]`): runs each bench/<name>.bench.ts in its own
 * Node process (so memory figures are per benchmark); each writes bench/results/<name>.json.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
/** Flags (`--write`) go to every chosen benchmark. */
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const all = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const chosen = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`error: unknown benchmark; known: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  console.log(`\n== bench ${name}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(here, '..', 'bin', 'run-ts.mjs'), path.join(here, `${name}.bench.ts`), ...flags], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
console.log(`\n${chosen.length - failed} benchmarks done, ${failed} failed; results in bench/results/`);
process.exit(failed ? 1 : 0);
