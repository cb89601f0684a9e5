/**
 * The HTML reader on page shapes that broke the hand-written body finder (wrappers named
 * after sidebars, a page-wide form, unmarked furniture) and on what pages declare about
 * themselves (JSON-LD, Open Graph, canonical, author, site).
 */
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../../lambdas/domain/text/read-html.ts';
import { scoredBlocks } from '../../../lambdas/domain/text/html/extract-article-body.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { parseSidecar, sidecarMeta } from '../../../lambdas/domain/text/sidecar.ts';

const para = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `<p>The ${topic} report, part ${i + 1}, describes how regional operators expanded their services during the year and why passengers chose them over flights on routes shorter than eight hundred kilometres.</p>`).join('\n');

const page = (body: string, head = '') => `<!doctype html><html><head><meta charset="utf-8"><title>Headline of the piece | Site</title>${head}</head><body>${body}</body></html>`;

describe('readHtml: the article body', () => {
  it('keeps an article inside a wrapper whose class names a sidebar', () => {
    // Prepare
    const html = page(`<div class="l-sidebar-fixed content-with-sidebar-wrp"><article><h1>Headline of the piece</h1>${para('rail', 5)}</article></div><aside class="sidebar"><a href="/x">Most read</a></aside>`);
    // Act
    const r = readHtml(html);
    // Assess
    expect(r.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(5);
    expect(r.blocks.map((b) => b.text).join(' ')).not.toMatch(/Most read/);
  });

  it('keeps an article inside a page-wide <form> (ASP.NET pages)', () => {
    const r = readHtml(page(`<form id="aspnetForm" action="/x"><nav><a href="/">Home</a> <a href="/news">News</a></nav><div id="content">${para('ferry', 4)}</div><input type="hidden" name="__VIEWSTATE" value="x"></form>`));
    expect(r.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(4);
  });

  it('drops share bars, related links, captions and comment forms inside the article', () => {
    const r = readHtml(page(`<article><h1>Headline of the piece</h1><div class="share-bar"><a href="#">Share on X</a></div>${para('bus', 4)}<figure><img src="a.jpg"><figcaption>A bus in the rain. Photo: Agency</figcaption></figure><div class="related-posts"><a href="/a">Another story about buses and trams</a></div><section class="comments"><form><textarea></textarea></form></section></article>`));
    const text = r.blocks.map((b) => b.text).join(' ');
    expect(text).not.toMatch(/Share on X|Photo: Agency|Another story/);
    expect(r.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(4);
  });

  it('keeps the headings inside the article and reads a table row as one line', () => {
    const r = readHtml(page(`<article>${para('tram', 3)}<h2>What comes next</h2>${para('tram', 2)}<table><tr><th>Line</th><th>Stops</th></tr><tr><td>Red line</td><td>14 stops</td></tr></table></article>`));
    expect(r.blocks.find((b) => b.kind === 'heading')?.text).toBe('What comes next');
    expect(r.blocks.map((b) => b.text)).toContain('Red line 14 stops');
  });

  it('the scored-block fallback keeps the run of prose and leaves menus and link lists out', () => {
    // Prepare: what the fallback sees when Readability found too little
    const prose = (i: number) => ({ kind: 'paragraph' as const, text: `Paragraph ${i} tells how the valley's orchards were replanted after the frost, and how the harvest came in late but whole.`, linkChars: 0 });
    const blocks = [
      { kind: 'paragraph' as const, text: 'Home News Sport', linkChars: 15 },
      { kind: 'paragraph' as const, text: 'menu one', linkChars: 0 },
      prose(1),
      { kind: 'heading' as const, text: 'After the frost', linkChars: 0 },
      prose(2),
      prose(3),
      { kind: 'paragraph' as const, text: 'Related: Ten orchards to visit this autumn', linkChars: 40 },
      { kind: 'paragraph' as const, text: 'Cookie settings', linkChars: 0 },
    ];
    // Act
    const kept = scoredBlocks(blocks);
    // Assess
    expect(kept.map((b) => b.text.slice(0, 11))).toEqual(['Paragraph 1', 'After the f', 'Paragraph 2', 'Paragraph 3']);
  });

  it('never makes the headline a passage', () => {
    const r = ingestDocument('a.html', Buffer.from(page(`<article><h1>Headline of the piece</h1>${para('metro', 4)}</article>`)));
    expect(r.source?.title).toBe('Headline of the piece');
    expect(r.passages.some((p) => p.text === 'Headline of the piece')).toBe(false);
  });
});

describe('readHtml: what the page declares', () => {
  it('reads JSON-LD NewsArticle (in @graph), Open Graph, canonical, author and site', () => {
    const head = `<link rel="canonical" href="https://news.example.org/a"><meta property="og:site_name" content="Example News"><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},{"@type":"NewsArticle","headline":"Headline from JSON-LD","datePublished":"2026-11-02T10:00:00Z","author":[{"@type":"Person","name":"Ada Lovelace"},{"@type":"Person","name":"Charles Babbage"}]}]}</script>`;
    const r = ingestDocument('a.html', Buffer.from(page(`<article>${para('canal', 3)}</article>`, head)));
    expect(r.source).toMatchObject({ title: 'Headline from JSON-LD', url: 'https://news.example.org/a', date: '2026-11-02', author: 'Ada Lovelace, Charles Babbage', site: 'Example News' });
  });

  it('takes <meta name=author> and article:published_time when there is no JSON-LD, and survives broken JSON-LD', () => {
    const head = `<meta name="author" content="Grace Hopper"><meta property="article:published_time" content="2025-03-04T08:00:00+01:00"><script type="application/ld+json">{not json</script>`;
    const r = ingestDocument('a.html', Buffer.from(page(`<article>${para('port', 3)}</article>`, head)));
    expect(r.source).toMatchObject({ author: 'Grace Hopper', date: '2025-03-04' });
  });

  it('lets a sidecar beat the page, and ignores a hostile one', () => {
    const head = `<meta name="author" content="Page Author"><meta property="og:title" content="Page title">`;
    const side = parseSidecar(Buffer.from(JSON.stringify({ url: 'https://a.example/x', title: 'Feed title', author: 'Feed Author', date: '2026-01-05', __proto__: { polluted: 1 }, site: 42 })));
    expect('sidecar' in side).toBe(true);
    const meta = sidecarMeta((side as { sidecar: Parameters<typeof sidecarMeta>[0] }).sidecar);
    const r = ingestDocument('a.html', Buffer.from(page(`<article>${para('air', 3)}</article>`, head)), { sidecar: meta });
    expect(r.source).toMatchObject({ title: 'Feed title', author: 'Feed Author', url: 'https://a.example/x', date: '2026-01-05', site: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseSidecar(Buffer.from('[1,2]'))).toEqual({ error: 'sidecar is not a JSON object; ignored' });
    expect(parseSidecar(Buffer.from(JSON.stringify({ url: 'javascript:alert(1)' })))).toMatchObject({ sidecar: { url: null } });
  });

  it('decodes a page by the charset the server declared', () => {
    const bytes = Buffer.from(page(`<article>${para('river', 3).replace(/regional/g, 'café')}</article>`), 'latin1');
    const r = ingestDocument('a.html', bytes, { charset: 'iso-8859-1' });
    expect(r.passages[0].text).toContain('café');
    expect(r.warnings).toEqual([]);
  });
});
