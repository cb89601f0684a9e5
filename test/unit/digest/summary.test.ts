import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueBrief } from '../../../lambdas/domain/digest/issue-summary.ts';
import { summarizeArticle } from '../../../lambdas/domain/digest/summarize-article.ts';
import { summarizeForTheme } from '../../../lambdas/domain/digest/summary.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { wordCount } from '../../../lambdas/domain/text/normalize.ts';
import type { Passage, Theme } from '../../../lambdas/domain/types.ts';

const CORPUS = path.resolve(__dirname, '../../../corpus');
const FIXTURES = path.resolve(__dirname, '../../fixtures/text');

/** Cleaned article texts: the sample corpus and the ingestion fixtures. */
const articles = [...readdirSync(CORPUS).map((f) => path.join(CORPUS, f)), ...readdirSync(FIXTURES).filter((f) => !f.endsWith('.md') || f !== 'README.md').map((f) => path.join(FIXTURES, f))]
  .map((file) => ingestDocument(path.basename(file), readFileSync(file)))
  .filter((d) => d.source)
  .map((d) => d.passages.map((p) => p.text).join('\n\n'));

/** A deterministic shuffle of sentences from the sample corpus, to make many different inputs. */
function mixedArticles(count: number): string[] {
  const pool = articles.join('\n\n').split(/(?<=[.!?])\s+/).filter((s) => wordCount(s) > 3);
  let seed = 7;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, () => {
    const paragraphs = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pool[Math.floor(rnd() * pool.length)]).join(' '));
    return paragraphs.join('\n\n');
  });
}

describe('summarizeArticle', () => {
  it('quotes only sentences that stand verbatim in the article, in document order', () => {
    for (const text of [...articles, ...mixedArticles(60)]) {
      // Act
      const summary = summarizeArticle(text, { sentences: 3 });
      // Assess
      let from = 0;
      for (const s of summary) {
        const at = text.indexOf(s.text, from);
        expect(at, s.text).toBeGreaterThanOrEqual(0);
        from = at + s.text.length;
      }
    }
  });

  it.each([1, 2, 3, 5, 8])('honours a request for %i sentence(s) when the article is long enough', (n) => {
    const text = articles.reduce((a, b) => (a.length > b.length ? a : b));
    expect(summarizeArticle(text, { sentences: n })).toHaveLength(n);
  });

  it('returns the whole of a short article rather than inventing more', () => {
    expect(summarizeArticle('Only one sentence here, and it is short.', { sentences: 3 })).toEqual([{ text: 'Only one sentence here, and it is short.' }]);
  });

  it('summarises text without any sentence punctuation paragraph by paragraph', () => {
    const text = 'first paragraph without any stop\n\nsecond paragraph also without a stop\n\nthird one talks about trains and stations\n\nfourth one talks about trains too';
    const summary = summarizeArticle(text, { sentences: 2 });
    expect(summary).toHaveLength(2);
    for (const s of summary) expect(text).toContain(s.text);
  });

  it('gives sensible output for non-English text', () => {
    // Prepare
    const russian = 'Россия и Китай подписали соглашение. Соглашение касается торговли и энергетики. Эксперты считают, что торговля вырастет. Погода в Москве была холодной.';
    const chinese = '中俄签署了合作协议。协议涉及贸易和能源。专家认为贸易将会增长。';
    // Act / Assess
    expect(summarizeArticle(russian, { sentences: 2 }).every((s) => russian.includes(s.text))).toBe(true);
    expect(summarizeArticle(chinese, { sentences: 2 })).toHaveLength(2);
  });

  it('returns nothing for empty text', () => {
    expect(summarizeArticle('', { sentences: 3 })).toEqual([]);
  });
});

describe('summarizeForTheme', () => {
  const theme: Theme = { id: 'ferries', title: 'Ferries', description: 'Ferry operators, crossings and timetables on the coast.', keywords: ['ferry operator', 'timetable'], timezone: 'UTC', maxExcerpts: 5, paused: false };
  const doc = ingestDocument('blog-post.txt', readFileSync(path.join(FIXTURES, 'blog-post.txt')));

  it('takes 3-5 full sentences of at least 12 words, verbatim, each with its source', () => {
    // Act
    const summary = summarizeForTheme(doc.passages, theme);
    // Assess
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.length).toBeLessThanOrEqual(5);
    for (const s of summary) {
      expect(s.sourceId).toBe('blog-post.txt');
      expect(wordCount(s.text)).toBeGreaterThanOrEqual(12);
      expect(doc.passages.some((p) => p.text.includes(s.text))).toBe(true);
    }
  });

  it('never quotes a heading or a fragment', () => {
    const fragmentOnly = [{ ...doc.passages[0], text: 'Too short to quote.', sentences: ['Too short to quote.'] }];
    expect(summarizeForTheme(fragmentOnly, theme)).toEqual([]);
  });

  /** A one-sentence passage of a made-up source, for the stories below. */
  const passage = (sourceId: string, paragraphIndex: number, text: string): Passage => ({
    id: `${sourceId}#p${paragraphIndex}`, sourceId, paragraphIndex, windowIndex: 0, text, sentences: [text], heading: null, citations: [], duplicates: [],
  });
  const onTheme = [
    'The ferry operator published a new winter timetable with fewer crossings to the islands on weekdays.',
    'Passengers complained that the ferry timetable changed twice in one month without any notice from the operator.',
    'Harbour staff said the coastal ferry crossings would resume their normal timetable once the storms had passed.',
  ];
  const offTheme = [
    'The city council approved a new budget for libraries and parks after a long debate on Tuesday evening.',
    'Local farmers reported a strong apple harvest this year despite the unusually dry weather in early summer.',
    'A new bakery opened on the high street and sold out of its sourdough bread within the first two hours.',
  ];

  it('prefers sentences about the theme over off-theme ones of the same length', () => {
    // Prepare: off-theme passages first, so order alone would pick them
    const passages = [...offTheme.map((t, i) => passage('other.txt', i, t)), ...onTheme.map((t, i) => passage('ferries.txt', i, t))];
    // Act
    const summary = summarizeForTheme(passages, theme, { sentences: 3 });
    // Assess
    expect(summary).toHaveLength(3);
    expect(summary.filter((s) => s.sourceId === 'ferries.txt').length).toBeGreaterThanOrEqual(2);
  });

  it('leaves out a near-copy of a sentence it already quoted, and honours the count', () => {
    // Prepare
    const copy = onTheme[0].replace('new winter', 'revised winter');
    const passages = [passage('a.txt', 0, onTheme[0]), passage('b.txt', 0, copy), ...onTheme.slice(1).map((t, i) => passage('a.txt', i + 1, t)), ...offTheme.map((t, i) => passage('c.txt', i, t))];
    // Act
    const three = summarizeForTheme(passages, theme, { sentences: 3 });
    const four = summarizeForTheme(passages, theme, { sentences: 4 });
    // Assess
    const texts = three.map((s) => s.text);
    expect(texts.includes(onTheme[0]) && texts.includes(copy)).toBe(false);
    expect(three).toHaveLength(3);
    expect(four).toHaveLength(4);
  });

  it('lets a quoted paragraph lend the brief a sentence its excerpt left out, but never one the issue prints', () => {
    // Prepare: one paragraph of three on-theme sentences; the excerpt prints the first, a reworded copy of it sits elsewhere
    const paragraph: Passage = { ...passage('ferries.txt', 0, onTheme.join(' ')), sentences: [...onTheme] };
    const reworded = passage('other.txt', 0, onTheme[0].replace('published a new', 'has published its new'));
    // Act
    const brief = issueBrief([paragraph, reworded], theme, [onTheme[0]], 3);
    // Assess
    const texts = brief.map((s) => s.text);
    expect(texts).toEqual(expect.arrayContaining([onTheme[1], onTheme[2]]));
    expect(texts).not.toContain(onTheme[0]);
    expect(texts).not.toContain(reworded.text);
  });
});
