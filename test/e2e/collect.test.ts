/**
 * `collect` against a local web server: RSS, Atom and JSON feeds into the corpus with
 * sidecars, conditional requests on the second run, and every hostile case a `skipped`
 * entry (never a crash or a hang). Ends with the CLI: collect a feed, then digest shows
 * its excerpts with their addresses and authors.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { FsCorpusWriter } from '../../lambdas/adapters/fs/fs-corpus-writer.ts';
import { FetchWebClient } from '../../lambdas/adapters/http/fetch-web-client.ts';
import { LOCAL_DESTINATIONS } from '../../lambdas/domain/collect/destination-policy.ts';
import { MemoryCorpusWriter } from '../../lambdas/adapters/memory/memory-corpus-writer.ts';
import { collectArticles } from '../../lambdas/services/collect-articles.ts';
import { ingestCorpus } from '../../lambdas/services/ingest-corpus.ts';
import { startWebFixture, type WebFixture } from '../support/web-fixture-server.ts';

const ROOT = path.resolve(__dirname, '../..');
/** Runs the CLI without blocking this process (its web server must keep answering). */
function cli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), ...args], { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const clock = { now: () => new Date('2026-11-30T10:00:00Z') };
let web: WebFixture;
/** A short timeout so the never-answering server costs the suite little; the default is 10 s. */
const client = () => new FetchWebClient({ timeoutMs: 1500, policy: LOCAL_DESTINATIONS });
/** The corpus folder of the fixture server: its host, and its port (not the scheme's default). */
const hostFolder = () => `127.0.0.1_${new URL(web.base).port}`;

beforeAll(async () => {
  web = await startWebFixture();
});
afterAll(async () => {
  await web?.close();
});

describe('collect from feeds', () => {
  it('stores each item page once as <host>/<slug>.html with a sidecar, from RSS, Atom and JSON Feed', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'collect-'));
    // Act
    const report = await collectArticles({ web: client(), corpus: new FsCorpusWriter(dir), clock }, { feeds: [{ url: `${web.base}/feed.xml`, name: null }, { url: `${web.base}/atom.xml`, name: null }, { url: `${web.base}/feed.json`, name: null }] });
    // Assess: three feeds read, four distinct pages (the shared and the #anchor items once each)
    expect(report.feeds.map((f) => f.status)).toEqual(['ok', 'ok', 'ok']);
    const host = hostFolder();
    expect(report.fetched.map((f) => f.path).sort()).toEqual([`${host}/articles-sleeper-revival.html`, `${host}/articles-ticketing.html`, `${host}/redirect-start.html`, `${host}/ru-header.html`, `${host}/ru-meta.html`].sort());
    expect(web.hits.get('/articles/ticketing')).toBe(1);
    expect(report.skipped.map((s) => s.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^file: .*not fetched/), expect.stringMatching(/^javascript: .*not fetched/), expect.stringMatching(/^data: .*not fetched/)]));
    // the page is stored unchanged; the sidecar carries the item's fields over the page's
    expect(readFileSync(path.join(dir, host, 'articles-sleeper-revival.html'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'test/fixtures/collect/sleeper-revival.html'), 'utf8'));
    const side = JSON.parse(readFileSync(path.join(dir, host, 'articles-ticketing.html.meta.json'), 'utf8'));
    expect(side).toMatchObject({ url: `${web.base}/articles/ticketing`, title: 'One ticket for a night across borders', author: 'Tomas Berg', date: '2026-11-18T09:30:00.000Z', site: 'Rail Journal Daily', feed: `${web.base}/feed.xml`, fetchedAt: '2026-11-30T10:00:00.000Z' });
    expect(side.etag).toBeTruthy();
    expect(Object.keys(side)).toEqual(expect.arrayContaining(['url', 'canonical', 'title', 'author', 'date', 'site', 'feed', 'fetchedAt', 'etag', 'lastModified']));
    // after redirects: url is where the page was found, a differing canonical is kept apart
    const moved = JSON.parse(readFileSync(path.join(dir, host, 'redirect-start.html.meta.json'), 'utf8'));
    expect(moved.url).toBe(`${web.base}/articles/moved`);
    expect(moved.canonical).toBe('https://rail.example.org/moved');
  });

  it('asks conditionally on the second run and rewrites nothing that did not change', async () => {
    // Prepare
    const corpus = new MemoryCorpusWriter();
    const feeds = [{ url: `${web.base}/feed.xml`, name: null }];
    await collectArticles({ web: client(), corpus, clock }, { feeds });
    const writes = corpus.writes;
    const before = web.notModifiedAnswers;
    // Act
    const again = await collectArticles({ web: client(), corpus, clock }, { feeds });
    // Assess
    expect(again.feeds).toEqual([{ url: `${web.base}/feed.xml`, items: 0, status: 'not-modified' }]);
    expect(again.fetched).toEqual([]);
    expect(web.notModifiedAnswers).toBeGreaterThan(before);
    expect(corpus.writes).toBe(writes);
  });

  it('fetches a page again when it changed, and only that page', async () => {
    // Prepare
    const corpus = new MemoryCorpusWriter();
    const pages = [`${web.base}/articles/sleeper-revival`, `${web.base}/articles/ticketing`];
    await collectArticles({ web: client(), corpus, clock }, { pages });
    const original = readFileSync(path.join(ROOT, 'test/fixtures/collect/ticketing.html'), 'utf8');
    web.setPage('/articles/ticketing', original.replace('three websites', 'four websites'));
    // Act
    const again = await collectArticles({ web: client(), corpus, clock }, { pages });
    web.setPage('/articles/ticketing', original);
    // Assess
    expect(again.fetched.map((f) => f.url)).toEqual([`${web.base}/articles/ticketing`]);
    expect(again.notModified).toBe(1);
    expect(Buffer.from(corpus.files.get(`${hostFolder()}/articles-ticketing.html`)!).toString()).toContain('four websites');
  });

  it('reads the charset from the header or the page', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'collect-ru-'));
    await collectArticles({ web: client(), corpus: new FsCorpusWriter(dir), clock }, { pages: [`${web.base}/ru/meta`, `${web.base}/ru/header`] });
    // Act
    const corpus = await ingestCorpus(new FsCorpusReader(dir));
    // Assess
    expect(corpus.sources.map((s) => s.title)).toEqual(['Ночные поезда возвращаются', 'Ночные поезда возвращаются']);
    // the two pages are the same text, so one keeps the passages and the other is its copy
    expect(corpus.passages.map((p) => p.text).join(' ')).toContain('Ночные поезда снова ходят между столицами Европы');
    expect(corpus.merged.length).toBeGreaterThan(0);
    expect(corpus.warnings).toEqual([]);
  });
});

describe('collect refuses bad input with a reason, never a crash or a hang', () => {
  it.each([
    ['an XML bomb (no entity is expanded)', '/bomb.xml', /./],
    ['a feed that is neither XML nor JSON', '/not-a-feed', /not a feed/],
    ['a 30 MB body (stops at 5 MB)', '/huge', /over the 5 MB limit/],
    ['a declared 30 MB body', '/huge-declared', /30\.0 MB, over the 5 MB limit/],
    ['a redirect loop', '/loop/a', /redirect loop/],
    ['more than 5 redirects', '/chain/1', /more than 5 redirects/],
    ['a redirect to a file: address', '/to-file', /refused address: file:/],
    ['a server that never answers', '/hang', /timed out/],
    ['a body that stops half way', '/trickle', /timed out/],
    ['a missing page', '/missing', /HTTP 404/],
    ['an image', '/image.png', /not an article page \(content-type image\/png\)/],
  ])('%s', async (_name, route, reason) => {
    // Prepare
    const corpus = new MemoryCorpusWriter();
    // Act
    const report = await collectArticles({ web: client(), corpus, clock }, { urls: [`${web.base}${route}`] });
    // Assess
    if (route === '/bomb.xml') {
      // The bomb parses as a feed whose entity references stay unexpanded: its one item's
      // link is not even a valid page, so nothing is stored and memory stays flat.
      expect(report.fetched).toEqual([]);
      expect(JSON.stringify(report).length).toBeLessThan(5000);
    } else {
      expect(report.skipped).toEqual([{ url: `${web.base}${route}`, reason: expect.stringMatching(reason) }]);
    }
    expect([...corpus.files.keys()].filter((k) => !k.startsWith('.collect/'))).toEqual([]);
  });

  it('never reads a local file, whatever the scheme', async () => {
    const report = await collectArticles({ web: client(), corpus: new MemoryCorpusWriter(), clock }, { urls: ['file:///etc/passwd', 'data:text/html,<p>x</p>', 'javascript:alert(1)', 'ftp://example.org/a'] });
    expect(report.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^file:/), expect.stringMatching(/^data:/), expect.stringMatching(/^javascript:/), expect.stringMatching(/^ftp:/)]);
  });

  it('keeps at most 2 requests at a time on one host', async () => {
    // Prepare
    web.peakConcurrent = 0;
    // Act
    const report = await collectArticles({ web: client(), corpus: new MemoryCorpusWriter(), clock }, { urls: [`${web.base}/many.xml`], concurrency: 8 });
    // Assess
    expect(report.fetched).toHaveLength(8);
    expect(web.peakConcurrent).toBeLessThanOrEqual(2);
  });
});

describe('newsletter collect, then digest', () => {
  it('puts a feed in the corpus and the digest shows its excerpts with address and author', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'collect-cli-'));
    const corpus = path.join(dir, 'corpus');
    const themes = path.join(dir, 'themes.yaml');
    writeFileSync(themes, 'themes:\n  - id: night-trains\n    title: Night trains\n    description: Sleeper trains returning to European railways, their routes, tickets and the policies that help them\n    keywords: [night train, sleeper, cross-border ticket]\n    schedule: cron(0 7 ? * MON *)\n');
    // The feed's articles are dated 18 November: the weekly theme's 8-day window reaches them from the 20th.
    const env = { ...process.env, NEWSLETTER_DATA: path.join(dir, '.data'), NEWSLETTER_NOW: '2026-11-20T08:00:00Z' };
    const run = (...args: string[]) => cli([...args, '--corpus', corpus, '--themes', themes], { cwd: dir, env });
    // Act
    const collected = await run('collect', `${web.base}/feed.xml`);
    const digest = await run('digest', '--theme', 'night-trains');
    // Assess
    expect(collected.status).toBe(0);
    expect(JSON.parse(collected.stdout).fetched).toHaveLength(2);
    expect(existsSync(path.join(corpus, hostFolder()))).toBe(true);
    expect(readdirSync(path.join(corpus, hostFolder())).sort()).toEqual(['articles-sleeper-revival.html', 'articles-sleeper-revival.html.meta.json', 'articles-ticketing.html', 'articles-ticketing.html.meta.json']);
    expect(digest.status).toBe(0);
    const d = JSON.parse(digest.stdout);
    expect(d.excerpts.length).toBeGreaterThan(0);
    // every link is the address fetched from the feed; a canonical on another host is kept apart
    for (const e of d.excerpts) {
      expect(e.sourceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/articles\//);
      expect(e.sourceAuthor).toMatch(/Ines Kowalski|Tomas Berg/);
    }
    expect(d.sources.every((s: { author: string | null }) => s.author)).toBe(true);
    const byUrl = new Map(d.sources.map((s: { url: string }) => [s.url, s]));
    expect(byUrl.get(`${web.base}/articles/ticketing`)).toMatchObject({ title: 'One ticket for a night across borders', author: 'Tomas Berg', date: '2026-11-18' });
    expect(byUrl.get(`${web.base}/articles/sleeper-revival`)).toMatchObject({ canonical: 'https://rail.example.org/2026/11/sleeper-revival' });
    const html = await cli(['render', '--theme', 'night-trains', '--format', 'html', '--corpus', corpus, '--themes', themes], { cwd: dir, env: { ...env, NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') } });
    expect(html.stdout).toContain(`${web.base}/articles/`);
    expect(html.stdout).not.toContain('https://rail.example.org/');
    // nothing of the page furniture became an excerpt
    expect(JSON.stringify(d.excerpts)).not.toMatch(/Share on X|Leave a comment|Freight volumes|All rights reserved|Photo: Rail/);
  });

  it('exits 2 with one line when every address failed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'collect-fail-'));
    const r = await cli(['collect', `${web.base}/missing`, 'file:///etc/passwd', '--corpus', path.join(dir, 'c')], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: all 2 address\(es\) failed/);
  });
});
