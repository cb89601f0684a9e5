/**
 * The stream from the command line: NEWSLETTER_NOW as the clock, a theme's window deciding
 * what a digest quotes, the incremental ingest, and prune (dry run, bad duration, removal)
 * leaving an archived issue readable.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cli(args: string[], dir: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), ...args, '--corpus', path.join(dir, 'corpus'), '--themes', path.join(dir, 'themes.yaml'), '--data', path.join(dir, '.data')], { cwd: dir, env: { ...process.env, NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'), ...env }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const article = (date: string, title: string, body: string) => `---\ndate: ${date}\n---\n${title}\n\n${body}\n`;

/** A weekly theme on night trains and a corpus of train articles from March to May 2026. */
function streamFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-stream-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'corpus'));
  writeFileSync(path.join(dir, 'themes.yaml'), 'themes:\n  - id: night-trains\n    title: Night trains\n    description: Sleeper trains returning to European railways, their routes, tickets and the policies that help them\n    keywords: [night train, sleeper, cross-border ticket]\n    schedule: cron(0 7 ? * MON *)\n    minExcerpts: 1\n');
  const put = (name: string, text: string) => writeFileSync(path.join(dir, 'corpus', name), text);
  put('march.txt', article('2026-03-02', 'Sleepers in spring', 'Night train operators announced three new sleeper routes for the spring timetable, returning sleeper trains to European railways with couchettes and private cabins on every departure.'));
  put('may-old.txt', article('2026-05-20', 'A ticket across borders', 'A cross-border ticket now lets travellers book a night train through three countries in one purchase, which rail campaigners had demanded for a decade.'));
  put('may-new.txt', article('2026-05-29', 'New sleeper routes', 'Night train operators added sleeper routes between European capitals this week, and a cross-border ticket now covers every new night train on the network.'));
  return dir;
}

describe('the stream on the command line', () => {
  it('quotes only the articles inside the theme window, counted from NEWSLETTER_NOW', async () => {
    // Prepare
    const dir = streamFolder();
    // Act
    const june = await cli(['digest', '--theme', 'night-trains'], dir, { NEWSLETTER_NOW: '2026-06-01T08:00:00Z' });
    const march = await cli(['digest', '--theme', 'night-trains'], dir, { NEWSLETTER_NOW: '2026-03-03T08:00:00Z' });
    const later = await cli(['digest', '--theme', 'night-trains'], dir, { NEWSLETTER_NOW: '2026-09-01T08:00:00Z' });
    // Assess
    expect(june.status).toBe(0);
    const d = JSON.parse(june.stdout);
    expect(d.window).toEqual({ from: '2026-05-24', days: 8, articles: 1 });
    expect(d.excerpts.map((e: { sourceId: string }) => e.sourceId)).toEqual(['may-new.txt']);
    expect(d.excerpts[0].why.recency).toEqual({ ageDays: 3, factor: expect.any(Number) });
    expect(d.generatedAt).toBe('2026-06-01T08:00:00.000Z');
    // (the May articles count as in the future in March, and stay out of a March window's excerpts)
    expect(JSON.parse(march.stdout).excerpts.map((e: { sourceId: string }) => e.sourceId)).toEqual(['march.txt']);
    expect(later.status).toBe(0);
    expect(JSON.parse(later.stdout).excerpts).toEqual([]);
    expect(later.stderr).toContain("no article in the last 8 days for 'night-trains' (window from 2026-08-24)");
  });

  it('says why render and send have nothing when the window is empty', async () => {
    const dir = streamFolder();
    const sent = await cli(['send', '--theme', 'night-trains', '--dry-run', '--format', 'json'], dir, { NEWSLETTER_NOW: '2026-09-01T08:00:00Z', NEWSLETTER_DYNAMO_ENDPOINT: 'http://127.0.0.1:9' });
    expect(`${sent.stdout}${sent.stderr}`).toMatch(/no article in the last 8 days for 'night-trains'/);
  });

  it('ingests only what changed', async () => {
    // Prepare
    const dir = streamFolder();
    await cli(['ingest', '--format', 'json'], dir, { NEWSLETTER_NOW: '2026-06-01T08:00:00Z' });
    writeFileSync(path.join(dir, 'corpus', 'june.txt'), article('2026-06-01', 'A new sleeper line', 'A new sleeper line opens between the capital and the mountains, and night train fans queued at dawn for the first departure.'));
    rmSync(path.join(dir, 'corpus', 'march.txt'));
    // Act
    const r = await cli(['ingest', '--format', 'json'], dir, { NEWSLETTER_NOW: '2026-06-01T08:00:00Z' });
    // Assess
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).index).toMatchObject({ added: ['june.txt'], removed: ['march.txt'], changed: [], unchanged: 2, extracted: 1 });
  });

  it('prunes old articles: a dry run lists them, a bad duration removes nothing, a real run removes them from corpus and index', async () => {
    // Prepare
    const dir = streamFolder();
    const env = { NEWSLETTER_NOW: '2026-06-01T08:00:00Z' };
    const archived = path.join(dir, '.data', 'archive', 'night-trains', 'night-trains-2026-03-09.html');
    mkdirSync(path.dirname(archived), { recursive: true });
    writeFileSync(archived, '<p>Night train operators announced three new sleeper routes</p>');
    // Act
    const bad = await cli(['prune', '--older-than', 'soon'], dir, env);
    const dry = await cli(['prune', '--older-than', '30d', '--dry-run', '--format', 'json'], dir, env);
    const afterDry = existsSync(path.join(dir, 'corpus', 'march.txt'));
    const real = await cli(['prune', '--older-than', '30d'], dir, env);
    const digest = await cli(['digest', '--theme', 'night-trains'], dir, { NEWSLETTER_NOW: '2026-03-03T08:00:00Z' });
    // Assess
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(["error: --older-than 'soon' is not a duration; use days like 180d or an ISO 8601 duration like P6M"]);
    expect(JSON.parse(dry.stdout)).toEqual({ before: '2026-05-02', dryRun: true, removed: [{ id: 'march.txt', day: '2026-03-02' }], kept: 2 });
    expect(afterDry).toBe(true);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain('removed 1 article(s) dated before 2026-05-02; 2 kept');
    expect(existsSync(path.join(dir, 'corpus', 'march.txt'))).toBe(false);
    expect(JSON.parse(digest.stdout).excerpts).toEqual([]);
    expect(readFileSync(archived, 'utf8')).toContain('three new sleeper routes');
  });
});
