/**
 * Bundle report: each Lambda handler bundled like CDK does (esbuild, minified, node22, CJS),
 * its size, whether mjml is inside, and its module-load time in a fresh Node process.
 * Writes bench/results/bundles.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const handlers = ['api', 'send-worker', 'build-issue', 'ses-events', 'inbound-email', 'corpus-ingest'];
/** Handlers whose bundles ship precompiled transactional templates instead of mjml (as in infra/). */
const precompiledOnly = new Set(['api', 'inbound-email']);
const out = mkdtempSync(path.join(os.tmpdir(), 'bundles-'));
const results: Record<string, unknown> = {};
for (const name of handlers) {
  const file = path.join(out, `${name}.js`);
  await build({ entryPoints: [path.join(here, '../lambdas/handlers', `${name}.ts`)], bundle: true, minify: true, platform: 'node', target: 'node22', format: 'cjs', outfile: file, logLevel: 'silent', external: ['@aws-sdk/*', ...(precompiledOnly.has(name) ? ['mjml'] : [])] });
  const text = readFileSync(file, 'utf8');
  const load = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(here, '../node_modules') } });
  results[name] = { bytes: statSync(file).size, kB: Math.round(statSync(file).size / 1024), containsMjml: /mjml-core|mj-column\b.*mj-section/.test(text), loadMs: Math.round(Number(load.stdout.trim()) * 10) / 10 };
}
const result = { benchmark: 'bundles', goal: 'send-worker and api under 500 KB minified; mjml only where rendering happens', handlers: results, machine: machineInfo() };
writeFileSync(path.join(here, 'results', 'bundles.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(results, null, 2));
