/** Site labels before a paragraph's text (site-label.ts): found, dropped by cleaning with their reason, and never a dateline. */
import { describe, expect, it } from 'vitest';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { leadingSiteLabel } from '../../../lambdas/domain/text/site-label.ts';

describe('site labels', () => {
  it.each([
    ['Strategic Council Online - Opinion: Time passes by.', 'Strategic Council Online - Opinion: '],
    ['Strategic Council Online\u2014Interview: The former ambassador said so.', 'Strategic Council Online\u2014Interview: '],
    ['The Daily Planet \u2013 Analysis: \u201cWe will go,\u201d she said.', 'The Daily Planet \u2013 Analysis: '],
    ['PanARMENIAN.Net - Verified video footage shows it.', 'PanARMENIAN.Net - '],
    ['news.example.co.uk -- Rates rose again.', 'news.example.co.uk -- '],
  ])('finds the label of %j', (paragraph, label) => {
    expect(leadingSiteLabel(paragraph)).toBe(label);
  });

  it.each([
    // A news dateline says where and who: it stays.
    'WASHINGTON (AP) \u2014 Ambassador Gordon Sondland testified on Wednesday.',
    "MADRID \u2014 Rafael Nadal kept Spain's hopes alive.",
    'BERLIN -- The European Space Agency says so.',
    // A title-like opening whose second part is not a kind of piece.
    'Beijing - Moscow: A Friendship with limits is what they have.',
    // A dash inside a sentence, and a hyphenated word.
    "The IAAF - athletics' world governing body - has met officials.",
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

describe('ingest of a paragraph that opens on a site label', () => {
  it('drops the label with its reason, and every passage and sentence starts after it', () => {
    // Prepare
    const opening = 'Strategic Council Online - Opinion: Time passes by and the war confronts the parties with the costs of their actions.';
    const long = `Example.net - ${Array.from({ length: 8 }, (_, i) => `Sentence ${i} of the second paragraph runs on with words about trade and ports and prices.`).join(' ')}`;
    const bytes = new TextEncoder().encode(`Prospects of Cooperation\n\n${opening}\n\n${long}\n`);
    // Act
    const result = ingestDocument('label.txt', bytes);
    // Assess
    expect(result.passages[0].text).toBe('Time passes by and the war confronts the parties with the costs of their actions.');
    expect(result.passages[0].sentences).toEqual([result.passages[0].text]);
    const windows = result.passages.filter((p) => p.paragraphIndex === result.passages.at(-1)!.paragraphIndex);
    expect(windows.length).toBeGreaterThan(1);
    expect(windows[0].text.startsWith('Sentence 0')).toBe(true);
    expect(result.passages.flatMap((p) => p.sentences).some((s) => /Online|Example\.net/.test(s))).toBe(false);
    const labels = result.dropped.filter((d) => d.reason === 'site label before the text').map((d) => d.text);
    expect(labels).toEqual(['Strategic Council Online - Opinion:', 'Example.net -']);
  });
});
