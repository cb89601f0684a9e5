/**
 * Which address a source links by: the fetched one, a same-site canonical in its place, and a
 * canonical claimed on another registrable domain kept apart (never linked, never naming the site).
 */
import { describe, expect, it } from 'vitest';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { sidecarMeta, type Sidecar } from '../../../lambdas/domain/text/sidecar.ts';
import { chooseSourceAddress, registrableDomain } from '../../../lambdas/domain/text/source-address.ts';

const BODY = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i + 1} of the rail story says that night trains between the capitals now run four times a week, with sleeper cars that were refitted over the summer and tickets sold on one site.</p>`).join('');

function page(head: string): Uint8Array {
  return new TextEncoder().encode(`<!doctype html><html><head><title>Night trains return</title>${head}</head><body><article><h1>Night trains return</h1>${BODY}</article></body></html>`);
}

function sidecar(fields: Partial<Sidecar>): Sidecar {
  return { url: null, canonical: null, title: null, author: null, date: null, site: null, feed: null, fetchedAt: null, etag: null, lastModified: null, charset: null, ...fields };
}

describe('registrableDomain', () => {
  it.each([
    ['https://www.bbc.co.uk/news/1', 'bbc.co.uk'],
    ['https://edition.cnn.com/x', 'cnn.com'],
    ['https://feeds.example.org/a', 'example.org'],
    ['https://user.github.io/post', 'user.github.io'],
    ['http://127.0.0.1:8080/a', '127.0.0.1'],
    ['http://localhost:3000/a', 'localhost'],
  ])('%s -> %s', (url, domain) => {
    // Act / Assess
    expect(registrableDomain(url)).toBe(domain);
  });
});

describe('chooseSourceAddress', () => {
  it('keeps the fetched address when the page claims another site, and keeps the claim apart', () => {
    // Act
    const a = chooseSourceAddress('https://news.feedsite.example/story/12', 'https://www.wsj.com/articles/story-12');
    // Assess
    expect(a).toEqual({ url: 'https://news.feedsite.example/story/12', canonical: 'https://www.wsj.com/articles/story-12', foreign: true });
  });

  it('takes a same-site canonical (tracking parameters dropped), on another subdomain too', () => {
    // Act
    const a = chooseSourceAddress('https://m.example.co.uk/story?utm_source=rss', 'https://www.example.co.uk/story');
    // Assess
    expect(a).toEqual({ url: 'https://www.example.co.uk/story', canonical: null, foreign: false });
  });

  it('resolves a relative canonical against the fetched address', () => {
    // Act / Assess
    expect(chooseSourceAddress('https://site.example/a?ref=x', '/a').url).toBe('https://site.example/a');
  });

  it('uses the claim when nothing was fetched, and ignores non-http claims', () => {
    // Act / Assess
    expect(chooseSourceAddress(null, 'https://site.example/a')).toEqual({ url: 'https://site.example/a', canonical: null, foreign: false });
    expect(chooseSourceAddress('https://site.example/a', 'javascript:alert(1)')).toEqual({ url: 'https://site.example/a', canonical: null, foreign: false });
  });
});

describe('ingestDocument with a sidecar and a page that claims another host', () => {
  it('links the fetched address, keeps the foreign canonical and does not borrow its site name', () => {
    // Prepare: a page served by the feed's site that claims to be a wsj.com article
    const bytes = page('<link rel="canonical" href="https://www.wsj.com/articles/night-trains"><meta property="og:site_name" content="The Wall Street Journal"><meta property="og:url" content="https://www.wsj.com/articles/night-trains">');
    const side = sidecar({ url: 'https://rail.feedsite.example/night-trains', canonical: 'https://www.wsj.com/articles/night-trains', site: 'The Wall Street Journal' });
    // Act
    const result = ingestDocument('rail.feedsite.example/night-trains.html', bytes, { sidecar: sidecarMeta(side) });
    // Assess
    expect(result.source).toMatchObject({ url: 'https://rail.feedsite.example/night-trains', canonical: 'https://www.wsj.com/articles/night-trains', site: 'rail.feedsite.example' });
  });

  it('keeps a site name given apart from the page (the feed title)', () => {
    // Prepare
    const bytes = page('<link rel="canonical" href="https://www.wsj.com/articles/night-trains"><meta property="og:site_name" content="The Wall Street Journal">');
    const side = sidecar({ url: 'https://rail.feedsite.example/night-trains', canonical: 'https://www.wsj.com/articles/night-trains', site: 'Rail Feed Daily' });
    // Act
    const result = ingestDocument('rail.feedsite.example/night-trains.html', bytes, { sidecar: sidecarMeta(side) });
    // Assess
    expect(result.source).toMatchObject({ url: 'https://rail.feedsite.example/night-trains', site: 'Rail Feed Daily' });
  });

  it('lets a same-site canonical replace the fetched address and keeps the page\'s site name', () => {
    // Prepare
    const bytes = page('<link rel="canonical" href="https://www.railnews.example/night-trains"><meta property="og:site_name" content="Rail News">');
    const side = sidecar({ url: 'https://amp.railnews.example/night-trains?utm_medium=rss', canonical: 'https://www.railnews.example/night-trains' });
    // Act
    const result = ingestDocument('amp.railnews.example/night-trains.html', bytes, { sidecar: sidecarMeta(side) });
    // Assess
    expect(result.source).toMatchObject({ url: 'https://www.railnews.example/night-trains', canonical: null, site: 'Rail News' });
  });

  it('judges the page\'s own canonical too when the sidecar has none', () => {
    // Prepare: an old sidecar written before canonicals were recorded
    const bytes = page('<link rel="canonical" href="https://other.example/claimed">');
    // Act
    const result = ingestDocument('feedsite.example/x.html', bytes, { sidecar: sidecarMeta(sidecar({ url: 'https://feedsite.example/x' })) });
    // Assess
    expect(result.source).toMatchObject({ url: 'https://feedsite.example/x', canonical: 'https://other.example/claimed' });
  });
});
