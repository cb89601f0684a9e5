import { describe, expect, it } from 'vitest';
import { paragraphToPassages, windowSentences } from '../../../lambdas/domain/text/passages.ts';
import { wordCount } from '../../../lambdas/domain/text/normalize.ts';

const sentence = (i: number, words: number) => `Sentence ${i} ${'word '.repeat(words - 3).trim()} end.`;

describe('passages', () => {
  it('keeps a short paragraph whole', () => {
    // Act
    const [p, ...rest] = paragraphToPassages({ sourceId: 'a.txt', paragraphIndex: 3, text: 'One short paragraph. With two sentences.', heading: 'H', citations: [] });
    // Assess
    expect(rest).toHaveLength(0);
    expect(p).toMatchObject({ id: 'a.txt#p3', windowIndex: 0, heading: 'H', sentences: ['One short paragraph.', 'With two sentences.'] });
  });

  it('cuts a long paragraph into windows of 2-4 sentences and about 40-120 words', () => {
    // Prepare
    const text = Array.from({ length: 12 }, (_, i) => sentence(i, 25)).join(' ');
    // Act
    const passages = paragraphToPassages({ sourceId: 'a.txt', paragraphIndex: 0, text, heading: null, citations: [] });
    // Assess
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) {
      expect(p.sentences.length).toBeGreaterThanOrEqual(2);
      expect(p.sentences.length).toBeLessThanOrEqual(5);
      expect(wordCount(p.text)).toBeGreaterThanOrEqual(40);
      expect(wordCount(p.text)).toBeLessThanOrEqual(130);
      expect(text).toContain(p.text);
      for (const s of p.sentences) expect(p.text).toContain(s);
    }
    expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => `a.txt#p0w${i}`));
    expect(passages.flatMap((p) => p.sentences)).toHaveLength(12);
  });

  it('joins a short tail to the previous window', () => {
    const words = [30, 30, 30, 30, 30, 5];
    const windows = windowSentences(words.map((n, i) => sentence(i, n)));
    expect(windows.flat()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(windows[windows.length - 1]).toContain(5);
    expect(windows[windows.length - 1].length).toBeGreaterThan(1);
  });
});
