/**
 * The relevance model: concept coverage that a single shared word does not earn, a theme
 * nothing covers getting no excerpt, `why` naming the deciding features, and the trainer.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { buildQuery } from '../../../lambdas/domain/digest/query.ts';
import { rankPassages } from '../../../lambdas/domain/digest/rank.ts';
import { buildSearchIndex } from '../../../lambdas/domain/digest/search-index.ts';
import { FEATURES } from '../../../lambdas/domain/relevance/features.ts';
import { judgeCandidates } from '../../../lambdas/domain/relevance/judge.ts';
import { logistic } from '../../../lambdas/domain/relevance/model.ts';
import { trainModel } from '../../../lambdas/domain/relevance/train.ts';
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
      return { x, relevant };
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
