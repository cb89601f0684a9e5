/**
 * Issues an editor would send as they are: excerpts that read on their own, a per-source
 * cap, no padding ("not enough material" instead), one passage per issue across themes,
 * a brief that repeats nothing, a subject and preheader from the content.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { crossThemeExclusions } from '../../../lambdas/domain/digest/cross-theme.ts';
import { buildSearchIndex } from '../../../lambdas/domain/digest/search-index.ts';
import { selectExcerpts } from '../../../lambdas/domain/digest/select.ts';
import { opensDangling, paragraphIndex, quotesBalanced, shapeExcerpt } from '../../../lambdas/domain/digest/standalone-excerpt.ts';
import { buildCorpus } from '../../../lambdas/domain/text/build-corpus.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import type { Theme } from '../../../lambdas/domain/types.ts';
import { digestPreheader, digestSubject } from '../../../lambdas/rendering/digest-view.ts';

const NOW = new Date('2026-11-30T08:00:00Z');
const doc = (id: string, text: string) => ingestDocument(id, new TextEncoder().encode(text));
const theme = (over: Partial<Theme> = {}): Theme => ({ id: 't', title: 'Night trains', description: 'Sleeper trains and night train routes across Europe', keywords: ['night train', 'sleeper'], timezone: 'UTC', maxExcerpts: 5, paused: false, ...over });

describe('excerpts that read on their own', () => {
  it('widens a window back to the sentence its opening word points to', () => {
    // Prepare: a paragraph cut into two windows; the second opens on "However"
    const text = 'Sleepers\n\nOperators in Austria bought old sleeper cars that other railways were scrapping in large numbers. They rebuilt them in their own workshops over two winters. However, the new sleeper routes still depend on those old carriages, which cost a great deal to maintain every year. The first new carriages arrive only at the end of the decade.';
    const p = buildCorpus([doc('a.txt', text)]).passages[0];
    const w0 = { ...p, id: 'a.txt#p0w0', windowIndex: 0, sentences: p.sentences.slice(0, 2), text: p.sentences.slice(0, 2).join(' ') };
    const w1 = { ...p, id: 'a.txt#p0w1', windowIndex: 1, sentences: p.sentences.slice(2), text: p.sentences.slice(2).join(' ') };
    expect(opensDangling(w1.text)).toBe(true);
    // Act
    const shaped = shapeExcerpt(w1, new Map([['a.txt#0', [w0, w1]]]));
    // Assess: "They" also points back, so it widens to the sentence that names the operators
    expect(shaped.text.startsWith('Operators in Austria bought')).toBe(true);
    expect(shaped.standsAlone).toBe(true);
    expect(text.replace(/\s+/g, ' ')).toContain(shaped.text);
  });

  it('closes a quotation left open by extending to the sentence that ends it', () => {
    const text = `Quotes\n\nThe minister spoke about sleeper trains at the station on Monday morning before the first departure. "We will fund ten new night train routes. They will link every capital by 2030." Officials then left for the opening of the new depot in the north of the city.`;
    const c = buildCorpus([doc('q.txt', text)]);
    const p = c.passages[0];
    // Two windows of the paragraph; the first stops inside the quotation.
    const w0 = { ...p, id: 'q.txt#p0w0', windowIndex: 0, sentences: p.sentences.slice(0, 2), text: p.sentences.slice(0, 2).join(' ') };
    const w1 = { ...p, id: 'q.txt#p0w1', windowIndex: 1, sentences: p.sentences.slice(2), text: p.sentences.slice(2).join(' ') };
    expect(quotesBalanced(w0.text)).toBe(false);
    // Act
    const shaped = shapeExcerpt(w0, new Map([[`${p.sourceId}#${p.paragraphIndex}`, [w0, w1]]]));
    // Assess
    expect(quotesBalanced(shaped.text)).toBe(true);
    expect(shaped.text).toMatch(/by 2030\."$/);
  });

  it.each([
    ['However, the main driver is trade.', true],
    ['As was mentioned, Russia needs income.', true],
    ['Doing so, he argued, would help.', true],
    ['She said the plan would work.', true],
    ['This means the cost will rise.', true],
    ['A similar exercise was held in Kyrgyzstan.', true],
    ['The same is true for the new laptop.', true],
    ['Similarities between the plans are few.', false],
    ['The same-sex marriage bill passed.', false],
    ['The plan, however, will work.', false],
    ['Sleeper trains are back.', false],
    ['Heavy rain delayed the train.', false],
  ])('"%s" opens dangling: %s', (sentence, dangling) => {
    expect(opensDangling(sentence)).toBe(dangling);
  });
});

describe('per-source cap', () => {
  it('takes at most 2 excerpts from one article when others are relevant', () => {
    const big = [
      'The night train from Vienna now pays lower track fees, so its sleeper berths cost less than a flight.',
      'A second sleeper line leaves Brussels at nine, and this night train reaches Prague before breakfast.',
      'Sleeper carriages bought from Germany were rebuilt in Slovakia before the night train season began.',
      'Ticket sales for the sleeper to Rome doubled after the night train got showers in every carriage.',
      'Staff on the night train to Hamburg say the sleeper fills with families during the school holidays.',
    ];
    const small = [
      'Warsaw wants its own sleeper link, and the ministry says a night train to Berlin could start in May.',
      'In Zurich, planners studied whether a night train to Barcelona would fill enough sleeper cabins.',
    ];
    const c = buildCorpus([doc('big.txt', `Big\n\n${big.join('\n\n')}`), doc('small.txt', `Small\n\n${small.join('\n\n')}`)]);
    // Act
    const d = buildDigest(c, theme(), { now: NOW });
    // Assess: both of the small article's passages, and the big article fills the issue
    const counts = new Map<string, number>();
    for (const e of d.excerpts) counts.set(e.sourceId, (counts.get(e.sourceId) ?? 0) + 1);
    expect(d.excerpts).toHaveLength(5);
    expect(counts.get('small.txt')).toBe(2);
    expect(counts.get('big.txt')).toBe(3);
    expect(d.status).toBe('ok');
  });

  it('takes at most 2 from one article while another article still has passages above the cut', () => {
    // Prepare: three sources with three passages each; an issue of 5
    const lines = [
      ['The night train from Vienna now pays lower track fees, so its sleeper berths cost less than a flight.', 'Sleeper carriages bought from Germany were rebuilt in Slovakia before the night train season began.', 'Ticket sales for the sleeper to Rome doubled after the night train got showers in every carriage.'],
      ['Warsaw wants its own sleeper link, and the ministry says a night train to Berlin could start in May.', 'Staff on the night train to Hamburg say the sleeper fills with families during the school holidays.', 'A second sleeper line leaves Brussels at nine, and this night train reaches Prague before breakfast.'],
      ['In Zurich, planners studied whether a night train to Barcelona would fill enough sleeper cabins.', 'The sleeper service to Split runs only in summer, when the night train carries cyclists and their bikes.', 'Fares on the Paris night train fell after the operator sold sleeper couchettes with a rail pass.'],
    ];
    const c = buildCorpus(['a', 'b', 'c'].map((n, k) => doc(`${n}.txt`, `${n}\n\n${lines[k].join('\n\n')}`)));
    // Act
    const d = buildDigest(c, theme(), { now: NOW });
    // Assess
    const counts = new Map<string, number>();
    for (const e of d.excerpts) counts.set(e.sourceId, (counts.get(e.sourceId) ?? 0) + 1);
    expect(d.excerpts).toHaveLength(5);
    expect(Math.max(...counts.values())).toBe(2);
  });
  it('puts the weaker passage the cap took to spread the issue after the surer ones: the issue reads best first', () => {
    // Prepare: four sure passages from one article, one weak from another; a cap of 2 and an issue of 4,
    // so the weak passage is in the issue only because the cap spreads it
    const sure = [
      'The night train from Vienna now pays lower track fees, so its sleeper berths cost less than a flight.',
      'Sleeper carriages bought from Germany were rebuilt in Slovakia before the night train season began.',
      'Ticket sales for the sleeper to Rome doubled after the night train got showers in every carriage.',
      'Staff on the night train to Hamburg say the sleeper fills with families during the school holidays.',
    ];
    const c = buildCorpus([
      doc('a.txt', `A\n\n${sure.join('\n\n')}`),
      doc('b.txt', 'B\n\nWarsaw wants its own sleeper link, and the ministry says a night train to Berlin could start in May.'),
    ]);
    const weight = new Map(c.passages.map((p, i) => [i, p.sourceId === 'b.txt' ? 0.3 : 0.9 - 0.1 * p.paragraphIndex]));
    const ranked = c.passages.map((_, index) => ({ index, bm25: 1, phraseScore: 0, score: 1, terms: [], phrases: [] }));
    const limits = { maxPerSource: 2, judge: (s: { index: number }) => ({ p: weight.get(s.index)!, relevant: true }), similarity: () => 0 };
    // Act
    const { chosen } = selectExcerpts(ranked, c.passages, buildSearchIndex(c.passages), 4, () => true, limits);
    // Assess: the cap spread the issue to b.txt, and b.txt's weak passage stands last
    const weights = chosen.map((s) => weight.get(s.index)!);
    expect(chosen.map((s) => c.passages[s.index].sourceId)).toEqual(['a.txt', 'a.txt', 'a.txt', 'b.txt']);
    expect(weights).toEqual([...weights].sort((x, y) => y - x));
  });
});

describe('no padding', () => {
  it('reports "not enough material" instead of padding with passages that share one word', () => {
    // Prepare: one real match; the rest mention "night" or "train" in passing
    const c = buildCorpus([
      doc('a.txt', 'Sleepers\n\nThe night train from Vienna to Brussels added sleeper carriages, and the sleeper berths on each night train sell out weeks ahead.'),
      doc('b.txt', 'Weather\n\nHeavy snow fell during the night across the northern hills, closing schools and several mountain roads until the morning.'),
      doc('c.txt', 'Sport\n\nThe team will train twice a day before the final, the coach said after a long meeting with the club owners.'),
    ]);
    // Act
    const d = buildDigest(c, theme(), { now: NOW });
    // Assess
    expect(d.excerpts.map((e) => e.sourceId)).toEqual(['a.txt']);
    expect(d.status).toBe('not-enough-material');
  });
});

describe('one passage, one issue across themes', () => {
  it('leaves a passage both themes want to the theme it fits best', () => {
    const c = buildCorpus([
      doc('a.txt', 'Trains\n\nNight trains and sleeper trains carry travellers between capitals, and the sleeper berths sell out every night.'),
      doc('b.txt', 'Fees\n\nTrack access fees for night trains were cut by three governments to help sleeper operators compete with airlines.'),
      doc('c.txt', 'Airlines\n\nShort flights between capitals face new taxes, and airlines say travellers will pay more for every short hop.'),
    ]);
    const trains = theme({ id: 'trains', minExcerpts: 1 });
    const flights = theme({ id: 'flights', title: 'Short flights', description: 'Short flights, airlines and travel between capitals', keywords: ['flights', 'airlines', 'capitals'], minExcerpts: 1 });
    // Act
    const taken = crossThemeExclusions(c, [trains, flights], { now: NOW, index: buildSearchIndex(c.passages) });
    const a = buildDigest(c, trains, { now: NOW, takenByOtherThemes: taken.get('trains') });
    const b = buildDigest(c, flights, { now: NOW, takenByOtherThemes: taken.get('flights') });
    // Assess
    const ids = [...a.excerpts, ...b.excerpts].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(b.excerpts.map((e) => e.sourceId)).toContain('c.txt');
  });

  it('gives the same answer when asked again, whatever a caller did with the last one', () => {
    // Prepare: two themes that want exactly the same passages, asked once
    const c = buildCorpus([
      doc('a.txt', 'Trains\n\nNight trains and sleeper trains carry travellers between capitals, and the sleeper berths sell out every night.'),
      doc('b.txt', 'Fees\n\nTrack access fees for night trains were cut by three governments to help sleeper operators compete with airlines.'),
    ]);
    const trains = theme({ id: 'trains', minExcerpts: 1 });
    const flights = theme({ id: 'sleepers', minExcerpts: 1 });
    const index = buildSearchIndex(c.passages);
    const first = crossThemeExclusions(c, [trains, flights], { now: NOW, index });
    const expected = new Map([...first].map(([id, set]) => [id, [...set].sort()]));
    expect([...first.values()].some((set) => set.size > 0)).toBe(true);
    // Act: a caller empties its sets, then asks again; then with one theme paused
    for (const set of first.values()) set.clear();
    const again = crossThemeExclusions(c, [trains, flights], { now: NOW, index });
    const alone = crossThemeExclusions(c, [trains, { ...flights, paused: true }], { now: NOW, index });
    // Assess
    expect(new Map([...again].map(([id, set]) => [id, [...set].sort()]))).toEqual(expected);
    expect([...alone.keys()]).toEqual(['trains']);
    expect(alone.get('trains')!.size).toBe(0);
    expect(again.get('trains')!.size).toBe(2);
  });
});

describe('subject and preheader', () => {
  const digest = {
    theme: { id: 't', title: 'Night trains' },
    generatedAt: NOW.toISOString(),
    summary: { sentences: [{ text: 'A sentence of the brief that says what the issue is about in some detail.', sourceId: 'a' }] },
    excerpts: [{ id: 'a#p0', text: 'Body text of the first excerpt, which must not be the preheader.', sourceId: 'a', sourceTitle: 'Sleeper trains make a comeback across Europe', sourceDate: null, sourceUrl: null, score: 1, why: { terms: [], phrases: [], bm25: 1, score: 1, notes: [] } }],
    sources: [],
  };

  it('names the theme, the lead headline and the day, in at most 90 characters', () => {
    const s = digestSubject(digest, '30 November 2026', 'News');
    expect(s).toBe('Night trains: Sleeper trains make a comeback across Europe · 30 Nov');
    expect(digestSubject({ ...digest, excerpts: [{ ...digest.excerpts[0], sourceTitle: 'x'.repeat(200) }] }, '30 November 2026', 'News').length).toBeLessThanOrEqual(90);
  });

  it('gives a preheader that is no line of the body', () => {
    const pre = digestPreheader(digest);
    expect(pre).toMatch(/^1 passage from 1 source: Sleeper trains/);
    expect(digest.excerpts[0].text.includes(pre)).toBe(false);
    expect(digest.summary.sentences[0].text.includes(pre)).toBe(false);
  });
});
