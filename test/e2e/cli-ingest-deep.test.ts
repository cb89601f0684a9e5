/**
 * `newsletter ingest` over a corpus holding one page nested 12,000 levels deep (issue #26):
 * that page used to end the command with "Maximum call stack size exceeded". Now it is one
 * warning line, the rest of the corpus is ingested and the command succeeds, whether the
 * documents are read in this thread or (40 or more of them) on the worker pool.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** Runs `newsletter ingest` on a corpus folder, with a data folder of its own (no cache from other runs). */
async function ingest(corpus: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NEWSLETTER_DATA: mkdtempSync(path.join(os.tmpdir(), 'data-')) };
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), 'ingest', '--corpus', corpus], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const deepPage = `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(12_000)}<p>Deep text.</p>${'</div>'.repeat(12_000)}</body></html>`;
const article = (i: number) => `Harbour Notes ${i}\n\nThe ferry company added crossing number ${i} in the spring, and the harbour was dredged so that larger boats could dock at low tide.\n`;

describe('newsletter ingest with a page nested 12,000 deep', () => {
  it.each([
    ['read in this thread', 1],
    ['read on the worker pool', 40],
  ])('%s: one warning for that page, the rest ingested, exit 0', async (_how, good) => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
    writeFileSync(path.join(dir, 'deep.html'), deepPage);
    for (let i = 0; i < good; i++) writeFileSync(path.join(dir, `note-${String(i).padStart(2, '0')}.txt`), article(i));
    // Act
    const { code, stdout, stderr } = await ingest(dir);
    // Assess
    expect(code).toBe(0);
    expect(stderr.split('\n').filter((l) => l.includes('deep.html'))).toEqual(['warning: deep.html: page nests elements more than 512 levels deep; skipped']);
    expect(stdout).toMatch(new RegExp(`${good} source\\(s\\)`));
  }, 120_000);
});
