import { describe, expect, it } from 'vitest';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { fixture } from './fixtures.ts';

const allText = (r: ReturnType<typeof ingestDocument>) => r.passages.map((p) => p.text).join('\n');

describe('ingestDocument on a blog post with a comment form and a sidebar', () => {
  const result = ingestDocument('blog-post.txt', fixture('blog-post.txt'));

  it('infers title and date from the opening lines', () => {
    // Assess
    expect(result.source?.title).toBe('Harbour towns rethink their ferries');
    expect(result.source?.date).toBe('2025-03-04');
  });

  it('keeps the three article paragraphs and nothing else', () => {
    // Assess
    expect(result.passages).toHaveLength(3);
    expect(result.passages[0].text).toMatch(/^Three harbour towns/);
    const text = allText(result);
    for (const junk of ['views', 'Share this', 'permalink', 'Comments', 'Leave a Reply', 'email address', 'Great news', 'LATEST', 'Council budget', 'Home']) {
      expect(text).not.toContain(junk);
    }
  });

  it('says why each block was dropped', () => {
    // Assess
    const reasons = new Set(result.dropped.map((d) => d.reason));
    expect(reasons).toContain('view counter');
    expect(reasons).toContain('share/permalink line');
    expect(reasons).toContain('comments section');
    expect(result.dropped.find((d) => d.text === 'Great news for the islands, finally!')?.reason).toBe('comments section');
    expect(result.dropped.find((d) => d.text.startsWith('Council budget'))?.reason).toMatch(/sidebar/);
  });
});

describe('ingestDocument on an analysis with a credit, an echoed caption and notes', () => {
  const result = ingestDocument('analysis.txt', fixture('analysis.txt'));

  it('drops the photo credit and its caption', () => {
    // Assess
    expect(allText(result)).not.toContain('Farmers inspect');
    expect(result.dropped.map((d) => d.reason)).toEqual(expect.arrayContaining(['photo credit', 'photo caption (follows a credit line)']));
  });

  it('removes glued footnote markers and keeps them as citations with the note text', () => {
    // Assess
    const [first, second, third] = result.passages;
    expect(first.text).toContain('to keep contracts alive. Barges');
    expect(first.citations).toEqual(['1 Ministry of Agriculture, Harvest Report, 2024.']);
    expect(second.text).toContain('than the railway. "We did not plan');
    expect(second.text).toContain('saved the season," one exporter said. Insurance');
    expect(second.citations.map((c) => c.split(' ')[0])).toEqual(['2', '3']);
    expect(third.text).toMatch(/^As in earlier dry years/);
  });

  it('never turns the notes section into passages', () => {
    // Assess
    expect(allText(result)).not.toContain('Harvest Report');
    expect(result.source?.notes).toHaveLength(3);
  });
});

describe('ingestDocument on Markdown', () => {
  it('lets front matter override inferred metadata and reads list items as passages', () => {
    // Act
    const result = ingestDocument('front-matter.md', fixture('front-matter.md'));
    // Assess
    expect(result.source).toMatchObject({ title: 'Declared Title Wins', date: '2024-05-06', url: 'https://example.org/articles/declared', author: 'Ada Writer', format: 'md' });
    expect(result.passages).toHaveLength(3);
    expect(result.passages[1].heading).toBe('A heading that is not the title');
  });

  it('keeps footnote definitions as citations and drops images and credits', () => {
    // Act
    const result = ingestDocument('footnotes.md', fixture('footnotes.md'));
    // Assess
    expect(result.source?.title).toBe('River Trade in Numbers');
    expect(result.passages.map((p) => p.text)).toEqual([
      'The river now carries more freight than at any time since the 1970s, according to port figures. Most of the growth comes from grain and fertiliser shipped in small barges.',
      'Officials expect the trend to continue for at least five more years as road haulage costs keep rising.',
    ]);
    expect(result.source?.notes).toEqual(['1 Port Authority, Freight Report 2024.', '2 Transport Ministry forecast, 2025.']);
  });
});

describe('ingestDocument on HTML', () => {
  const result = ingestDocument('page.html', fixture('page.html'));

  it('reads declared metadata from meta tags and the canonical link', () => {
    // Assess
    expect(result.source).toMatchObject({ title: 'City Parks Get Longer Hours', date: '2024-09-15', url: 'https://news.example.com/parks-hours', author: 'Sam Reporter', format: 'html' });
  });

  it('keeps the article paragraphs with their headings and drops page furniture', () => {
    // Assess
    expect(result.passages.map((p) => p.text.slice(0, 20))).toEqual(["The city's twelve la", 'New lamps along the ', 'Residents near the p']);
    expect(result.passages[1].heading).toBe('Lighting and staff');
    const text = allText(result);
    for (const junk of ['Home', 'Share on', 'Visitors in the central', 'Bus lanes', 'About time', 'All rights', 'tracker', 'color']) expect(text).not.toContain(junk);
  });
});

describe('ingestDocument on bad input', () => {
  it.each([
    ['empty.txt', new Uint8Array(0), /empty file/],
    ['image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]), /binary/],
    ['report.pdf', new TextEncoder().encode('%PDF-1.4 text'), /unsupported file type '\.pdf'/],
    ['huge.txt', new Uint8Array(10 * 1024 * 1024).fill(0x61), /over the 5 MB limit/],
    ['menu.txt', new TextEncoder().encode('Home\n\nShare\n\nLoading'), /no article text left/],
  ])('skips %s with a one-line warning', (name, bytes, message) => {
    // Act
    const result = ingestDocument(name, bytes);
    // Assess
    expect(result.source).toBeNull();
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0].message).toMatch(message);
    expect(result.warnings[0].message).not.toContain('\n');
  });

  it('decodes invalid UTF-8 as Windows-1252 with a warning', () => {
    // Prepare: "café" and curly quotes encoded in Windows-1252
    const bytes = new Uint8Array([...new TextEncoder().encode('A long enough sentence about the caf'), 0xe9, ...new TextEncoder().encode(' on the square, where '), 0x93, ...new TextEncoder().encode('regulars'), 0x94, ...new TextEncoder().encode(' meet every morning.')]);
    // Act
    const result = ingestDocument('cp1252.txt', bytes);
    // Assess
    expect(result.warnings[0].message).toMatch(/Windows-1252/);
    expect(result.passages[0].text).toContain('café on the square, where "regulars" meet');
  });

  it('accepts a UTF-8 byte order mark and UTF-16 with BOM', () => {
    // Prepare
    const text = 'Title Line\n\nA sentence long enough to be a paragraph of the article body.';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    // Act / Assess
    for (const bytes of [utf8, utf16]) {
      const result = ingestDocument('a.txt', bytes);
      expect(result.source?.title).toBe('Title Line');
      expect(result.warnings).toEqual([]);
    }
  });
});
