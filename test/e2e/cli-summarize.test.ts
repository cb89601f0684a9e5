import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

async function newsletter(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), ...args], { cwd: ROOT });
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 0)));
  return { code, stdout, stderr };
}
void run;

describe('newsletter summarize', () => {
  it('prints {"sentences":[{"text"}]} for a file, in document order', async () => {
    // Act
    const { code, stdout } = await newsletter(['summarize', 'corpus/002_970fb18f16a22e0b.txt', '--sentences', '4']);
    // Assess
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.sentences).toHaveLength(4);
    expect(Object.keys(json.sentences[0])).toEqual(['text']);
  });

  it('reads standard input with -', async () => {
    const text = 'Trains Return\n\nNight trains are coming back to Europe as travellers avoid short flights. Sleeper cars fill up weeks ahead. New routes to the coast start next summer.';
    const { code, stdout } = await newsletter(['summarize', '-', '--sentences', '1', '--format', 'text'], text);
    expect(code).toBe(0);
    expect(text).toContain(stdout.trim());
  });

  it('fails with one error line for a missing or empty input', async () => {
    const missing = await newsletter(['summarize', 'no-such-file.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read 'no-such-file.txt'/);
    const empty = await newsletter(['summarize', '-'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error: standard input: empty file/);
  });
});
