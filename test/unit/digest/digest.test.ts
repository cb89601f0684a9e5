import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../../lambdas/adapters/fs/themes-file.ts';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { buildSearchIndex, searchIndexFromJson, searchIndexToJson } from '../../../lambdas/domain/digest/search-index.ts';
import { buildCorpus } from '../../../lambdas/domain/text/build-corpus.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { opensDangling, quotesBalanced } from '../../../lambdas/domain/digest/standalone-excerpt.ts';
import { wordCount } from '../../../lambdas/domain/text/normalize.ts';
import { MODEL } from '../../../lambdas/domain/relevance/model.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';
import type { Theme } from '../../../lambdas/domain/types.ts';

const ROOT = path.resolve(__dirname, '../../..');
const NOW = new Date('2026-11-24T07:00:00Z');
const theme = (over: Partial<Theme>): Theme => ({ id: 't', title: 'T', description: '', keywords: [], timezone: 'UTC', maxExcerpts: 5, paused: false, ...over });

/** A small corpus written for these tests: two articles on bees, one on trains. */
function smallCorpus() {
  const doc = (id: string, text: string) => ingestDocument(id, new TextEncoder().encode(text));
  return buildCorpus([
    doc('bees.txt', 'Bees in the City\n\nUrban beekeeping has grown fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.\n\nWild bee species suffer when too many honey bee hives compete for the same flowers in small urban parks, ecologists warn.\n\nThe city council will publish its transport budget next week after a long debate about bus lanes and parking.'),
    doc('trains.txt', 'Night Trains Return\n\nNight trains are returning to European rail networks as travellers look for alternatives to short flights between capitals.\n\nOperators say sleeper carriages fill up weeks ahead, and new routes to the coast are planned for next summer.'),
  ]);
}

describe('buildDigest', () => {
  it('returns only the passages that speak to the theme, never padding with weak matches', () => {
    // Prepare
    const corpus = smallCorpus();
    // Act
    const digest = buildDigest(corpus, theme({ title: 'Urban bees', keywords: ['honey bee', 'beekeeping', 'hives'] }), { now: NOW });
    // Assess
    expect(digest.excerpts.map((e) => e.id)).toEqual(['bees.txt#p0', 'bees.txt#p1']);
    expect(digest.excerpts[0].why.phrases).toContain('honey bee');
    expect(digest.excerpts[0].why.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['beekeeping']));
    expect(digest.sources.map((s) => s.id)).toEqual(['bees.txt']);
  });

  it('returns an empty digest for a theme nothing matches', () => {
    const digest = buildDigest(smallCorpus(), theme({ title: 'Volcanoes', keywords: ['lava', 'eruption'] }), { now: NOW });
    expect(digest.excerpts).toEqual([]);
    expect(digest.summary.sentences).toEqual([]);
  });

  it('leaves out passages already sent (history) and honours maxExcerpts', () => {
    const corpus = smallCorpus();
    const t = theme({ title: 'Urban bees', keywords: ['honey bee', 'beekeeping', 'hives'] });
    expect(buildDigest(corpus, t, { now: NOW, excludePassageIds: new Set(['bees.txt#p0']) }).excerpts.map((e) => e.id)).toEqual(['bees.txt#p1']);
    expect(buildDigest(corpus, t, { now: NOW, maxExcerpts: 1 }).excerpts).toHaveLength(1);
  });

  it('gives the same result with an index loaded from its JSON form', () => {
    const corpus = smallCorpus();
    const t = theme({ title: 'Night trains', keywords: ['sleeper'] });
    const loaded = searchIndexFromJson(JSON.parse(JSON.stringify(searchIndexToJson(buildSearchIndex(corpus.passages)))));
    expect(buildDigest(corpus, t, { now: NOW, index: loaded })).toEqual(buildDigest(corpus, t, { now: NOW }));
  });
});

describe('digest of the sample corpus', async () => {
  const corpus = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
  const themes = await loadThemes(path.join(ROOT, 'themes.yaml'));

  it.each(themes.map((t) => [t.id, t] as const))('%s: distinct, original, standalone excerpts and a brief that repeats none of them', (_id, t) => {
    // Act
    const digest = buildDigest(corpus, t, { now: NOW });
    // Assess
    expect(digest.excerpts.length).toBeGreaterThan(0);
    expect(digest.excerpts.length).toBeLessThanOrEqual(t.maxExcerpts);
    const paragraphs = digest.excerpts.map((e) => corpus.passages.find((p) => p.id === e.id)!).map((p) => `${p.sourceId}#${p.paragraphIndex}`);
    expect(new Set(paragraphs).size).toBe(paragraphs.length);
    for (const e of digest.excerpts) {
      expect(wordCount(e.text)).toBeGreaterThanOrEqual(12);
      expect(corpus.merged.some((m) => m.passage.id === e.id)).toBe(false);
      expect(e.why.terms.length).toBeGreaterThan(0);
      // reads on its own: no opener pointing back, a sentence end, balanced quotes
      expect(opensDangling(e.text), e.text.slice(0, 60)).toBe(false);
      expect(e.text).toMatch(/[.!?]["'”’)\]]*$/);
      expect(quotesBalanced(e.text)).toBe(true);
      // verbatim: a run of whole sentences of its source
      const source = corpus.passages.filter((p) => p.sourceId === e.sourceId).flatMap((p) => p.sentences);
      for (const sentence of e.text.split(/(?<=[.!?]["'”’)\]]*)\s+(?=["'“(\p{Lu}])/u)) expect(source.some((x) => x.includes(sentence) || sentence.includes(x))).toBe(true);
    }
    // (the spread across sources, and the cap giving way to fill an issue, are the editorial tests' own)
    expect(digest.summary.sentences.length === 0 || (digest.summary.sentences.length >= 2 && digest.summary.sentences.length <= 4)).toBe(true);
    for (const s of digest.summary.sentences) {
      expect(corpus.passages.some((p) => p.sourceId === s.sourceId && p.text.includes(s.text))).toBe(true);
      expect(wordCount(s.text)).toBeGreaterThanOrEqual(12);
      for (const e of digest.excerpts) expect(e.text.includes(s.text)).toBe(false);
    }
  });

  it('raises a theme\'s cut only to keep the issue full with surer passages from at least two sources, and says so', () => {
    // Act
    const digests = themes.map((t) => ({ t, d: buildDigest(corpus, t, { now: NOW }) }));
    // Assess: some sample theme rises; each risen issue is full, spans two sources, clears its own cut and tells the editor
    const risen = digests.filter(({ d }) => d.excerpts[0].why.relevance!.cut > MODEL.cut);
    expect(risen.length).toBeGreaterThan(0);
    for (const { t, d } of risen) {
      expect(d.excerpts.length).toBe(t.maxExcerpts);
      expect(new Set(d.excerpts.map((e) => e.sourceId)).size).toBeGreaterThanOrEqual(2);
      for (const e of d.excerpts) {
        expect(e.why.relevance!.probability).toBeGreaterThanOrEqual(e.why.relevance!.cut);
        expect(e.why.notes.join(' ')).toMatch(/the theme's cut rose from/);
      }
    }
    for (const { d } of digests) for (const e of d.excerpts) expect(e.why.relevance!.cut).toBeGreaterThanOrEqual(MODEL.cut);
  });

  it('never quotes the repost or the spun copy for junior-partner', () => {
    const digest = buildDigest(corpus, themes.find((t) => t.id === 'junior-partner')!, { now: NOW });
    const copies = corpus.sources.flatMap((s) => s.duplicates.map((d) => d.sourceId));
    expect(copies.length).toBeGreaterThan(0);
    for (const e of digest.excerpts) expect(copies).not.toContain(e.sourceId);
  });
});
