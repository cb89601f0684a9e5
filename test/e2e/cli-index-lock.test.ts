/**
 * Processes sharing one data folder (the preview server and a CLI ingest, two terminals): the
 * index lock lets one at a time update and read the index, so none reads a segment another has
 * just replaced, and a lock left by a process that died is taken over.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function ingest(corpus: string, data: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), 'ingest', '--format', 'json', '--corpus', corpus, '--data', data], { cwd: ROOT, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Two corpora of dated articles on different days, so each ingest replaces the other's segments. */
function folders(): { a: string; b: string; data: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'index-lock-'));
  dirs.push(dir);
  const corpus = (name: string, year: number, topic: string) => {
    const folder = path.join(dir, name);
    mkdirSync(folder);
    for (let i = 1; i <= 6; i++) {
      const body = `Report ${i} on ${topic}: the town council met again this month and argued at length about ${topic}, the cost of the work and who should pay for it.`;
      writeFileSync(path.join(folder, `${name}${i}.txt`), `---\ndate: ${year}-0${i}-1${i}\n---\n${topic} report ${i}\n\n${body}\n`);
    }
    return folder;
  };
  return { a: corpus('a', 2026, 'harbour dredging'), b: corpus('b', 2025, 'urban beekeeping'), data: path.join(dir, '.data') };
}

describe('the index lock', () => {
  it('lets concurrent ingests of different corpora into one data folder all succeed, each reading its own corpus', async () => {
    // Prepare
    const { a, b, data } = folders();
    // Act: three rounds of four processes at once, alternating the corpus
    const results: { corpus: string; status: number; stdout: string; stderr: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const batch = [a, b, a, b].map(async (corpus) => ({ corpus, ...(await ingest(corpus, data)) }));
      results.push(...(await Promise.all(batch)));
    }
    // Assess: every process succeeded, with the six articles of its own corpus
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const ids = JSON.parse(r.stdout).sources.map((s: { id: string }) => s.id);
      expect(ids).toHaveLength(6);
      expect(ids.every((id: string) => id.startsWith(path.basename(r.corpus)))).toBe(true);
    }
    expect(existsSync(path.join(data, 'index.lock'))).toBe(false);
  });

  it('takes over a lock left by a process that died', async () => {
    // Prepare: a lock folder whose holder stopped refreshing it five minutes ago
    const { a, data } = folders();
    const lock = path.join(data, 'index.lock');
    mkdirSync(lock, { recursive: true });
    const longAgo = new Date(Date.now() - 5 * 60_000);
    utimesSync(lock, longAgo, longAgo);
    // Act
    const r = await ingest(a, data);
    // Assess
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).sources).toHaveLength(6);
    expect(existsSync(lock)).toBe(false);
  });
});
