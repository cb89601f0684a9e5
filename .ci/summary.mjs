// Reads vitest's JSON report and prints the closing line "N passed, N failed[, N skipped]".
// Exits non-zero when anything failed or the report is missing.
import { readFileSync } from 'node:fs';

const [file, rcRaw] = process.argv.slice(2);
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A test file that fails to load has no failed test but a failed suite.
const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
failed += brokenFiles;
// Name every failure above the closing line, so a flake is never lost in the log.
for (const r of report.testResults ?? []) {
  const file = String(r.name ?? '').replace(`${process.cwd()}/`, '');
  const failedTests = (r.assertionResults ?? []).filter((a) => a.status === 'failed');
  for (const a of failedTests) console.log(`FAILED ${file} > ${a.fullName}: ${String((a.failureMessages ?? [])[0] ?? '').split('\n')[0].slice(0, 300)}`);
  if (r.status === 'failed' && failedTests.length === 0) console.log(`FAILED ${file} (did not load): ${String(r.message ?? '').split('\n')[0].slice(0, 300)}`);
}
const rc = Number(rcRaw ?? 0);
if (rc !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
