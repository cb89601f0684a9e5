/**
 * Corpus paths of collected pages: pages of two servers on one host (different ports) never
 * share a file; http and https of one page are one article, collected once per run, so
 * neither overwrites the other.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCorpusWriter } from '../../../lambdas/adapters/memory/memory-corpus-writer.ts';
import { corpusPathFor } from '../../../lambdas/domain/collect/corpus-path.ts';
import type { WebClient, WebResponse } from '../../../lambdas/ports/web-client.ts';
import { collectArticles } from '../../../lambdas/services/collect-articles.ts';

describe('corpusPathFor', () => {
  it('keeps a non-default port in the host folder, so two servers on one host do not collide', () => {
    expect(corpusPathFor('http://127.0.0.1:3000/articles/a')).toBe('127.0.0.1_3000/articles-a.html');
    expect(corpusPathFor('http://127.0.0.1:4300/articles/a')).toBe('127.0.0.1_4300/articles-a.html');
    expect(corpusPathFor('https://example.org:8443/a')).toBe('example.org_8443/a.html');
    expect(corpusPathFor('http://[::1]:8000/a')).toBe('---1-_8000/a.html');
  });

  it('leaves the scheme\'s default port out, as before', () => {
    expect(corpusPathFor('https://example.org/news/a.html')).toBe('example.org/news-a.html');
    expect(corpusPathFor('https://example.org:443/news/a.html')).toBe('example.org/news-a.html');
    expect(corpusPathFor('http://example.org:80/news/a.html')).toBe('example.org/news-a.html');
    // http on 443 is another server than https on 443
    expect(corpusPathFor('http://example.org:443/news/a.html')).toBe('example.org_443/news-a.html');
  });

  it('gives http and https of one page, with or without a query, one file', () => {
    expect(corpusPathFor('http://example.org/a')).toBe(corpusPathFor('https://example.org/a'));
    expect(corpusPathFor('http://example.org/a?id=7')).toBe(corpusPathFor('https://example.org/a?id=7'));
    expect(corpusPathFor('http://example.org/a?id=7')).not.toBe(corpusPathFor('http://example.org/a?id=8'));
    // an https address keeps the path earlier runs gave it
    expect(corpusPathFor('https://example.org/a?id=7')).toMatch(/^example\.org\/a-[0-9a-f]{8}\.html$/);
  });
});

/** A web of fixed pages, counting requests. */
class FakeWeb implements WebClient {
  readonly requested: string[] = [];
  constructor(private readonly pages: Record<string, string>) {}
  async get(url: string): Promise<WebResponse> {
    this.requested.push(url);
    return { status: 200, url, contentType: 'text/html; charset=utf-8', etag: null, lastModified: null, body: Buffer.from(this.pages[url] ?? '<title>?</title>') };
  }
}

describe('collectArticles with addresses that share a corpus file', () => {
  const clock = { now: () => new Date('2026-12-01T00:00:00Z') };

  it('collects http and https of one page once, and says why the second was skipped', async () => {
    // Prepare
    const web = new FakeWeb({ 'https://example.org/a': '<title>Secure</title>', 'http://example.org/a': '<title>Plain</title>' });
    const corpus = new MemoryCorpusWriter();
    // Act
    const report = await collectArticles({ web, corpus, clock }, { pages: ['https://example.org/a', 'http://example.org/a'] });
    // Assess
    expect(web.requested).toEqual(['https://example.org/a']);
    expect(report.fetched).toEqual([{ url: 'https://example.org/a', path: 'example.org/a.html' }]);
    expect(report.skipped).toEqual([{ url: 'http://example.org/a', reason: 'same corpus file (example.org/a.html) as https://example.org/a, collected once' }]);
    expect(Buffer.from(corpus.files.get('example.org/a.html')!).toString()).toContain('Secure');
  });

  it('keeps pages of two ports of one host in two folders', async () => {
    // Prepare
    const web = new FakeWeb({ 'http://127.0.0.1:3000/a': '<title>API</title>', 'http://127.0.0.1:4300/a': '<title>Preview</title>' });
    const corpus = new MemoryCorpusWriter();
    // Act
    const report = await collectArticles({ web, corpus, clock }, { urls: ['http://127.0.0.1:3000/a', 'http://127.0.0.1:4300/a'] });
    // Assess
    expect(report.fetched.map((f) => f.path)).toEqual(['127.0.0.1_3000/a.html', '127.0.0.1_4300/a.html']);
    expect(Buffer.from(corpus.files.get('127.0.0.1_3000/a.html')!).toString()).toContain('API');
    expect(Buffer.from(corpus.files.get('127.0.0.1_4300/a.html')!).toString()).toContain('Preview');
  });

  it('does not let a command-line page overwrite its other scheme in one run', async () => {
    // Prepare
    const web = new FakeWeb({ 'http://example.org/a': '<title>Plain</title>', 'https://example.org/a': '<title>Secure</title>' });
    const corpus = new MemoryCorpusWriter();
    // Act
    const report = await collectArticles({ web, corpus, clock }, { urls: ['http://example.org/a', 'https://example.org/a'] });
    // Assess
    expect(report.fetched).toEqual([{ url: 'http://example.org/a', path: 'example.org/a.html' }]);
    expect(report.skipped).toEqual([{ url: 'https://example.org/a', reason: expect.stringMatching(/^same corpus file/) }]);
    expect(Buffer.from(corpus.files.get('example.org/a.html')!).toString()).toContain('Plain');
  });
});
