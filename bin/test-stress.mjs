#!/usr/bin/env node
/**
 * Stress runner for flaky tests (not part of CI): runs the whole suite N times, two runs at a
 * time (optionally with one core kept busy), and reports every test that failed with its
 * message. Usage: npm run test:stress -- [N=10] [--parallel 2] [--load]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const pi = args.indexOf('--parallel');
const parallel = pi >= 0 ? Number(args[pi + 1]) : 2;
const load = args.includes('--load');
const out = mkdtempSync(path.join(os.tmpdir(), 'stress-'));

/** One busy loop on one core, in a child process, until stopped. */
function startLoad() {
  return spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
}

function runOnce(i) {
  return new Promise((resolve) => {
    const file = path.join(out, `run-${i}.json`);
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=json', `--outputFile.json=${file}`], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
    let err = '';
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('exit', (code) => {
      const failures = [];
      let passed = 0;
      try {
        const report = JSON.parse(readFileSync(file, 'utf8'));
        passed = report.numPassedTests;
        for (const f of report.testResults) {
          const failedTests = f.assertionResults.filter((a) => a.status === 'failed');
          for (const a of failedTests) failures.push({ file: path.relative(root, f.name), test: a.fullName, message: (a.failureMessages ?? []).join('\n').split('\n').slice(0, 6).join('\n') });
          if (f.status === 'failed' && failedTests.length === 0) failures.push({ file: path.relative(root, f.name), test: '(file)', message: String(f.message ?? '').slice(0, 600) });
        }
      } catch {
        failures.push({ file: '-', test: '(no report)', message: err });
      }
      const secs = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`run ${i + 1}/${runs}: exit ${code}, ${passed} passed, ${failures.length} failed, ${secs}s`);
      for (const f of failures) console.log(`  FAIL ${f.file} > ${f.test}\n    ${f.message.replace(/\n/g, '\n    ')}`);
      resolve(failures);
    });
  });
}

const loader = load ? startLoad() : null;
const all = [];
let next = 0;
async function lane() {
  while (next < runs) {
    const i = next++;
    all.push(...(await runOnce(i)));
  }
}
await Promise.all(Array.from({ length: parallel }, lane));
loader?.kill();
rmSync(out, { recursive: true, force: true });
const names = new Map();
for (const f of all) names.set(`${f.file} > ${f.test}`, (names.get(`${f.file} > ${f.test}`) ?? 0) + 1);
console.log(`\n${runs} runs, ${parallel} at a time${load ? ', one core loaded' : ''}: ${all.length} failures`);
for (const [n, c] of names) console.log(`  ${c}x ${n}`);
process.exit(all.length ? 1 : 0);
