/**
 * The relevance model: concept coverage that a single shared word does not earn, a page's
 * and a neighbour's match, a theme nothing covers getting no excerpt, a brief only from the
 * passages above the brief's cut, `why` naming the deciding features, and the trainer with
 * its calibration, issue-level and brief cuts.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { buildQuery } from '../../../lambdas/domain/digest/query.ts';
import { rankPassages } from '../../../lambdas/domain/digest/rank.ts';
import { buildSearchIndex } from '../../../lambdas/domain/digest/search-index.ts';
import { FEATURES } from '../../../lambdas/domain/relevance/features.ts';
import { judgeCandidates } from '../../../lambdas/domain/relevance/judge.ts';
import { logistic, MODEL, type Logistic } from '../../../lambdas/domain/relevance/model.ts';
import { calibrate, chooseBriefCut, chooseIssueCut, issueQuality, simulatedIssue, trainModel, type Example } from '../../../lambdas/domain/relevance/train.ts';
import { themeCut } from '../../../lambdas/domain/relevance/theme-cut.ts';
import { buildCorpus } from '../../../lambdas/domain/text/build-corpus.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import type { Theme } from '../../../lambdas/domain/types.ts';

const NOW = new Date('2026-12-02T08:00:00Z');
const doc = (id: string, text: string) => ingestDocument(id, new TextEncoder().encode(text));
const theme = (over: Partial<Theme> = {}): Theme => ({ id: 'arctic', title: 'The northern sea route', description: 'Shipping on the northern sea route through Arctic waters, icebreakers and cargo transits', keywords: ['northern sea route', 'icebreakers'], timezone: 'UTC', maxExcerpts: 5, paused: false, ...over });

const ARCTIC = [
  'Cargo transits on the northern sea route rose again this summer, as icebreakers escorted tankers through Arctic waters to Asian ports.',
  'Nuclear icebreakers kept the northern sea route open into November, and shipping companies booked more Arctic transits for next year.',
  'Insurers still charge more for Arctic waters, but the northern sea route cuts the voyage from Europe to Asia by two weeks for cargo ships.',
];
const OTHER = [
  'The sea was calm when the ferry left the harbour, and the passengers watched the gulls follow the boat along the coast for an hour.',
  'Farmers in the valley said the dry summer cut the wheat harvest, and prices at the market rose for the third month in a row.',
  'The city council voted to rebuild the old bridge, which has carried traffic across the river since the nineteenth century.',
];

describe('features', () => {
  it('give a passage that shares only the word "sea" little concept coverage', () => {
    // Prepare
    const c = buildCorpus([doc('arctic.txt', `Arctic\n\n${ARCTIC.join('\n\n')}`), doc('other.txt', `Other\n\n${OTHER.join('\n\n')}`)]);
    const index = buildSearchIndex(c.passages);
    const query = buildQuery(theme());
    // Act
    const judged = judgeCandidates(c, theme(), query, index, rankPassages(index, query));
    // Assess
    const concepts = FEATURES.indexOf('concepts');
    const of = (start: string) => judged.find((j) => c.passages[j.score.index].text.startsWith(start))!;
    expect(of('The sea was calm').x[concepts]).toBeLessThan(0.2);
    expect(of('Cargo transits').x[concepts]).toBeGreaterThan(0.4);
    expect(of('Cargo transits').p).toBeGreaterThan(of('The sea was calm').p);
  });
});

describe('the shipped model in a digest', () => {
  it('quotes the covering passages and nothing that merely shares a word', () => {
    // Prepare
    const c = buildCorpus([doc('arctic.txt', `Arctic\n\n${ARCTIC.join('\n\n')}`), doc('other.txt', `Other\n\n${OTHER.join('\n\n')}`)]);
    // Act
    const d = buildDigest(c, theme(), { now: NOW });
    // Assess
    expect(d.excerpts.map((e) => e.sourceId)).toEqual(['arctic.txt', 'arctic.txt', 'arctic.txt']);
    expect(d.excerpts[0].why.relevance).toMatchObject({ cut: expect.any(Number), probability: expect.any(Number) });
    expect(d.excerpts[0].why.relevance!.probability).toBeGreaterThanOrEqual(d.excerpts[0].why.relevance!.cut);
    expect(d.excerpts[0].why.relevance!.features.length).toBeGreaterThan(0);
  });

  it('gives a theme that nothing covers no excerpt and the status not-enough-material', () => {
    // Prepare
    const c = buildCorpus([doc('arctic.txt', `Arctic\n\n${ARCTIC.join('\n\n')}`), doc('other.txt', `Other\n\n${OTHER.join('\n\n')}`)]);
    const tomatoes = theme({ id: 'tomatoes', title: 'Growing tomatoes', description: 'Greenhouse tomatoes, seedlings, blight and the best varieties for a short season', keywords: ['tomatoes', 'greenhouse'] });
    // Act
    const d = buildDigest(c, tomatoes, { now: NOW });
    // Assess
    expect(d.excerpts).toEqual([]);
    expect(d.summary.sentences).toEqual([]);
    expect(d.status).toBe('not-enough-material');
  });
});

describe('trainModel', () => {
  it('learns which features separate relevant from not, and cuts between them', () => {
    // Prepare: relevance follows the bm25 and concepts features; expansion is noise
    const b = FEATURES.indexOf('bm25');
    const k = FEATURES.indexOf('concepts');
    const e = FEATURES.indexOf('expansion');
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const examples = Array.from({ length: 400 }, (_, i) => {
      const relevant = i % 3 === 0;
      const x = FEATURES.map(() => rnd() * 0.2);
      x[b] = relevant ? 0.5 + rnd() * 0.5 : rnd() * 0.4;
      x[k] = relevant ? 0.4 + rnd() * 0.6 : rnd() * 0.3;
      x[e] = rnd();
      return { x, relevant, theme: `t${i % 40}` };
    });
    // Act
    const model = trainModel(examples);
    // Assess
    expect(model.decide.weights.bm25!).toBeGreaterThan(1);
    expect(model.decide.weights.concepts!).toBeGreaterThan(1);
    expect(model.decide.weights.expansion).toBeUndefined();
    const right = examples.filter((ex) => (logistic(model.decide, ex.x) >= model.cut) === ex.relevant).length;
    expect(right / examples.length).toBeGreaterThan(0.9);
  });
});

describe('page and neighbour features', () => {
  it('credit a passage whose page and neighbours are on the theme over the same words on an unrelated page', () => {
    // Prepare: a thin sentence about cargo ships inside the Arctic page, and a like one inside a page about farming
    const arctic = `Arctic\n\n${ARCTIC[0]}\n\nCargo ships waited in the port for two more days before the weather turned and they could leave.\n\n${ARCTIC[1]}\n\n${ARCTIC[2]}`;
    const farm = `Farming\n\n${OTHER[1]}\n\nThe cargo ships that carry the grain abroad were late this year, so the silos filled up by October.\n\n${OTHER[2]}`;
    const c = buildCorpus([doc('arctic.txt', arctic), doc('farm.txt', farm)]);
    const index = buildSearchIndex(c.passages);
    const query = buildQuery(theme({ keywords: ['northern sea route', 'icebreakers', 'cargo ships'] }));
    // Act
    const judged = judgeCandidates(c, theme(), query, index, rankPassages(index, query));
    // Assess
    const opening = { 'arctic.txt': 'Cargo ships waited', 'farm.txt': 'The cargo ships' };
    const at = (source: keyof typeof opening) => judged.find((j) => c.passages[j.score.index].text.startsWith(opening[source]))!;
    const [source, neighbours] = [FEATURES.indexOf('source'), FEATURES.indexOf('neighbours')];
    expect(at('arctic.txt').x[source]).toBeGreaterThan(at('farm.txt').x[source]);
    expect(at('arctic.txt').x[neighbours]).toBeGreaterThan(at('farm.txt').x[neighbours]);
    expect(at('farm.txt').x[neighbours]).toBe(0);
  });
});

describe('the brief', () => {
  it('takes sentences only from passages at or above the brief cut, and is absent when none reaches it', () => {
    // Prepare: six Arctic paragraphs, one excerpt, so five relevant passages could lend the brief a sentence
    const more = [
      'Arctic shipping on the northern sea route needs icebreakers for most of the year, and Russia is building three more of them.',
      'The northern sea route saw a record number of cargo transits, with icebreakers leading convoys of tankers through Arctic waters.',
      'Icebreakers and ice-class cargo ships are the only way through Arctic waters in winter, when the northern sea route freezes over.',
    ];
    const c = buildCorpus([doc('arctic.txt', `Arctic\n\n${[...ARCTIC, ...more].join('\n\n')}`), doc('other.txt', `Other\n\n${OTHER.join('\n\n')}`)]);
    const strict = { ...MODEL, briefCut: 1.01 };
    const open = { ...MODEL, briefCut: MODEL.cut };
    // Act
    const none = buildDigest(c, theme({ maxExcerpts: 1 }), { now: NOW, model: strict });
    const some = buildDigest(c, theme({ maxExcerpts: 1 }), { now: NOW, model: open });
    // Assess
    expect(none.excerpts).toHaveLength(1);
    expect(none.summary.sentences).toEqual([]);
    expect(some.summary.sentences.length).toBeGreaterThan(0);
    for (const s of some.summary.sentences) expect(s.sourceId).toBe('arctic.txt');
    expect(MODEL.briefCut).toBeGreaterThanOrEqual(MODEL.cut);
  });
  it('may take a sentence the excerpt left out of a quoted paragraph, never one it prints', () => {
    // Prepare: one long Arctic paragraph (it splits into windows) and nothing else on the theme
    const paragraph = [
      'Cargo transits on the northern sea route rose again this summer, as tankers sailed to Asian ports.',
      'Nuclear icebreakers stayed on duty into November, and shipping firms booked more voyages for next year.',
      'Insurers still charge more for Arctic waters, although the route saves two weeks between Europe and Asia.',
      'Russia is building three more icebreakers, each able to break ice two metres thick in deep winter.',
      'Captains who sailed the northern sea route described fog, drifting floes and long waits at Murmansk.',
      'Icebreakers escort convoys of tankers through the Kara Sea when the polar ice closes the channel.',
      'Shipping lines said their Arctic transits kept to schedule thanks to better satellite forecasts of the ice.',
      'Port officials expect busier docks once the new icebreakers join the fleet next spring.',
    ];
    const c = buildCorpus([doc('arctic.txt', `Arctic\n\n${paragraph.join(' ')}`), doc('other.txt', `Other\n\n${OTHER.join('\n\n')}`)]);
    const open = { ...MODEL, briefCut: MODEL.cut };
    // Act
    const digest = buildDigest(c, theme({ maxExcerpts: 1 }), { now: NOW, model: open });
    // Assess
    expect(new Set(c.passages.filter((p) => p.sourceId === 'arctic.txt').map((p) => p.paragraphIndex)).size).toBe(1);
    expect(digest.excerpts).toHaveLength(1);
    expect(digest.summary.sentences.length).toBeGreaterThan(0);
    for (const s of digest.summary.sentences) {
      expect(s.sourceId).toBe('arctic.txt');
      expect(digest.excerpts[0].text).not.toContain(s.text);
    }
  });
});

describe('issue-level and brief cuts', () => {
  const decide = { weights: { bm25: 10 }, bias: -5 };
  const order = decide;
  const b = FEATURES.indexOf('bm25');
  /** An example whose decision probability is logistic(10 * v - 5). */
  const ex = (theme: string, v: number, relevant: boolean, source?: string): Example => {
    const x = FEATURES.map(() => 0);
    x[b] = v;
    return { x, relevant, theme, source };
  };

  it('simulates an issue as the digest spreads it: two per source while others have passages, then the cap gives way', () => {
    // Prepare: four from source a, best first, then one each from b and c
    const above = ['a1', 'a2', 'a3', 'a4', 'b1', 'c1'].map((id) => ({ id, source: id[0] }));
    // Act
    const shown = simulatedIssue(above).map((e) => e.id);
    const alone = simulatedIssue(above.filter((e) => e.source === 'a')).map((e) => e.id);
    // Assess
    expect(shown).toEqual(['a1', 'a2', 'b1', 'c1', 'a3']);
    expect(alone).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('chooses the cut on issues as the digest builds them, each theme\'s cut risen so the cap reaches one off-theme passage, not two', () => {
    // Prepare: three themes whose five relevant passages (0.8 to 0.9) sit in source a, with
    // off-theme passages of b and c at 0.75 and 0.74; and a thin theme whose one relevant passage is at 0.72.
    const examples = ['t1', 't2', 't3'].flatMap((t) => [
      ...[0.8, 0.82, 0.85, 0.88, 0.9].map((v) => ex(t, v, true, 'a')),
      ex(t, 0.75, false, 'b'),
      ex(t, 0.74, false, 'c'),
    ]);
    examples.push(ex('thin', 0.72, true, 'x'));
    const p = (v: number) => logistic(decide, ex('', v, false).x);
    // Act
    const cut = chooseIssueCut(decide, order, examples);
    // Assess: the cut keeps the thin theme's passage; at that cut a covered theme's issue rises
    // past c (one off-theme slot, not two: the issue keeps a second source)
    expect(cut).toBeLessThanOrEqual(p(0.72));
    const t1 = examples.filter((e) => e.theme === 't1').map((e) => ({ p: logistic(decide, e.x), source: e.source, relevant: e.relevant })).sort((x, y) => y.p - x.p);
    const risen = themeCut(t1.map((e) => e.p), cut, (c) => simulatedIssue(t1.filter((e) => e.p >= c)), { probability: (e) => e.p, weight: (e) => e.p, source: (e) => e.source });
    expect(risen.shown.map((e) => e.source).sort().join('')).toBe('aaaab');
  });

  it('calibrates an overconfident model so its probability reads as the share of relevant passages, keeping the order', () => {
    // Prepare: 200 candidates; a tenth relevant below 0.5, half above; a model that calls the upper half near-certain
    const examples = Array.from({ length: 200 }, (_, i) => ex('t', i / 200, i < 100 ? i % 10 === 0 : i % 2 === 0));
    const sure: Logistic = { weights: { bm25: 12 }, bias: -4 };
    const meanP = (m: Logistic, list: Example[]) => list.reduce((a, e) => a + logistic(m, e.x), 0) / list.length;
    const share = (list: Example[]) => list.filter((e) => e.relevant).length / list.length;
    // Act
    const calibrated = calibrate(sure, examples);
    // Assess: over all and over the upper half, the mean probability is near the judged share; the order is the same
    const upper = examples.slice(100);
    expect(Math.abs(meanP(sure, upper) - share(upper))).toBeGreaterThan(0.3);
    expect(Math.abs(meanP(calibrated, examples) - share(examples))).toBeLessThan(0.01);
    expect(Math.abs(meanP(calibrated, upper) - share(upper))).toBeLessThan(0.1);
    expect(calibrated.weights.bm25 ?? 0).toBeGreaterThan(0);
  });

  it('scores an issue by precision and fill, and an uncovered theme only when empty', () => {
    // Act / Assess
    expect(issueQuality([], 0)).toBe(1);
    expect(issueQuality([{ relevant: false }], 0)).toBe(0);
    expect(issueQuality([], 3)).toBe(0);
    expect(issueQuality([{ relevant: true }, { relevant: true }], 2)).toBe(1);
    expect(issueQuality([{ relevant: true }, { relevant: false }], 5)).toBeLessThan(issueQuality([{ relevant: true }, { relevant: true }], 5));
  });

  it('chooses a cut that leaves a theme nothing covers empty while the covered theme fills', () => {
    // Prepare: a covered theme (relevant at 0.8 to 0.9) and an uncovered one whose best goes to 0.7
    const examples = [
      ...[0.8, 0.82, 0.85, 0.88, 0.9].map((v) => ex('covered', v, true)),
      ...[0.3, 0.4, 0.5].map((v) => ex('covered', v, false)),
      ...[0.5, 0.6, 0.7].map((v) => ex('uncovered', v, false)),
    ];
    // Act
    const cut = chooseIssueCut(decide, order, examples);
    // Assess
    const p = (v: number) => logistic(decide, ex('', v, false).x);
    expect(cut).toBeGreaterThan(p(0.7));
    expect(cut).toBeLessThanOrEqual(p(0.8));
  });

  it('puts the brief cut where the passages above it are on the theme, theme by theme', () => {
    // Prepare: theme a has a wrong passage at 0.75, theme b is right above 0.6
    const examples = [
      ex('a', 0.9, true), ex('a', 0.8, true), ex('a', 0.75, false), ex('a', 0.7, true),
      ex('b', 0.9, true), ex('b', 0.6, true), ex('b', 0.4, false),
    ];
    // Act
    const cut = chooseBriefCut(decide, examples);
    // Assess: above the cut nothing wrong is left in either theme
    const p = (v: number) => logistic(decide, ex('', v, false).x);
    expect(cut).toBeGreaterThan(p(0.75));
    expect(cut).toBeLessThanOrEqual(p(0.8));
  });
});
