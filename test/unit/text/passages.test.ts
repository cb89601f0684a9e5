import { describe, expect, it } from 'vitest';
import { paragraphToPassages, windowSentences } from '../../../lambdas/domain/text/passages.ts';
import { wordCount } from '../../../lambdas/domain/text/normalize.ts';
import { leadingSiteLabel } from '../../../lambdas/domain/text/site-label.ts';

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

  it('starts after a site label, whole or windowed, each passage still a substring of the paragraph', () => {
    // Prepare
    const short = 'Strategic Council Online - Opinion: Time passes by and the war confronts the parties with the costs of their actions.';
    const long = `Example.net - ${Array.from({ length: 8 }, (_, i) => sentence(i, 25)).join(' ')}`;
    // Act
    const [whole] = paragraphToPassages({ sourceId: 'a.txt', paragraphIndex: 0, text: short, heading: null, citations: [] });
    const windows = paragraphToPassages({ sourceId: 'b.txt', paragraphIndex: 0, text: long, heading: null, citations: [] });
    // Assess
    expect(whole.text).toBe('Time passes by and the war confronts the parties with the costs of their actions.');
    expect(whole.sentences).toEqual([whole.text]);
    expect(windows.length).toBeGreaterThan(1);
    expect(windows[0].text.startsWith('Sentence 0')).toBe(true);
    for (const w of windows) expect(long).toContain(w.text);
    expect(windows.flatMap((w) => w.sentences)).toHaveLength(8);
  });
});

describe('site labels', () => {
  it.each([
    ['Strategic Council Online - Opinion: Time passes by.', 'Strategic Council Online - Opinion: '],
    ['Strategic Council Online—Interview: The former ambassador said so.', 'Strategic Council Online—Interview: '],
    ['The Daily Planet – Analysis: “We will go,” she said.', 'The Daily Planet – Analysis: '],
    ['PanARMENIAN.Net - Verified video footage shows it.', 'PanARMENIAN.Net - '],
    ['news.example.co.uk -- Rates rose again.', 'news.example.co.uk -- '],
  ])('finds the label of %j', (paragraph, label) => {
    expect(leadingSiteLabel(paragraph)).toBe(label);
  });

  it.each([
    // A news dateline says where and who: it stays.
    'WASHINGTON (AP) — Ambassador Gordon Sondland testified on Wednesday.',
    'MADRID — Rafael Nadal kept Spain\'s hopes alive.',
    'BERLIN -- The European Space Agency says so.',
    // A title-like opening whose second part is not a kind of piece.
    'Beijing - Moscow: A Friendship with limits is what they have.',
    // A dash inside a sentence, and a hyphenated word.
    'The IAAF - athletics\' world governing body - has met officials.',
    'Sinclair Spectrum - 16k.',
    'Re-using old mobile phones is good. Opinion: it is.',
    // A label with nothing after it that starts a sentence.
    'Example.net - and more',
    'Opinion: Time passes by.',
    '',
  ])('finds no label in %j', (paragraph) => {
    expect(leadingSiteLabel(paragraph)).toBe('');
  });

  it('reads a hostile run of dots, dashes and capitals in one pass', () => {
    // Prepare: shapes that would make a backtracking pattern try every split
    const hostile = ['a.'.repeat(100_000) + 'b', 'A.'.repeat(100_000) + ' - x', 'Aa '.repeat(100_000) + '- Opinion x'];
    // Act
    const labels = hostile.map(leadingSiteLabel);
    // Assess
    expect(labels).toEqual(['', '', '']);
  });
});
