import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
/** This file's own data folder: runs that overlap never share an index. */
const DATA = mkdtempSync(path.join(os.tmpdir(), 'cli-ingest-data-'));
afterAll(() => rmSync(DATA, { recursive: true, force: true }));

/** Runs the `newsletter` CLI the way a user does; resolves with exit code and output. */
async function newsletter(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), ...args], { cwd: ROOT, env: { ...process.env, NEWSLETTER_DATA: DATA } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('newsletter ingest', () => {
  it('reports every sample source with title, date, kept and dropped blocks as JSON', async () => {
    // Act
    const { code, stdout } = await newsletter(['ingest', '--format', 'json']);
    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.sources).toHaveLength(5);
    expect(report.sources[0]).toHaveProperty('kept');
    expect(report.sources.flatMap((s: { dropped: { reason: string }[] }) => s.dropped.map((d) => d.reason))).toContain('comments section');
  });

  it('prints a readable text report by default', async () => {
    const { code, stdout } = await newsletter(['ingest']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/5 source\(s\), \d+ passage\(s\) kept/);
  });

  it('fails with one error line and exit 2 when the corpus has no usable article', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
    writeFileSync(path.join(dir, 'empty.txt'), '');
    // Act
    const { code, stderr, stdout } = await newsletter(['ingest', '--corpus', dir]);
    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: no usable article in corpus .*empty file/);
  });

  it('warns about a bad file among good ones and still succeeds', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
    writeFileSync(path.join(dir, 'good.txt'), 'Good Title\n\nA paragraph long enough to be real prose for the reader of this small test corpus.\n');
    writeFileSync(path.join(dir, 'bad.txt'), Buffer.from([0, 1, 2, 3]));
    // Act
    const { code, stderr } = await newsletter(['ingest', '--corpus', dir]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: bad\.txt: binary/);
  });

  it('rejects a bad flag with one error line and exit 2', async () => {
    const { code, stderr } = await newsletter(['ingest', '--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: /);
  });
});
