/**
 * BM25 ranking over a corpus larger than the depth it scores in full: the fast pass must keep
 * the same passages a full sort would (ties to the earlier passage), and the per-corpus lookups
 * the digest reads must follow a corpus that grows.
 */
import { describe, expect, it } from 'vitest';
import { passagesBySource, sourcesById } from '../../../lambdas/domain/digest/corpus-layout.ts';
import { buildQuery } from '../../../lambdas/domain/digest/query.ts';
import { RERANK_DEPTH, rankPassages, scorePassage } from '../../../lambdas/domain/digest/rank.ts';
import { buildSearchIndex } from '../../../lambdas/domain/digest/search-index.ts';
import type { Passage, Source, Theme } from '../../../lambdas/domain/types.ts';

const theme: Theme = { id: 'ice', title: 'Icebreakers', description: 'icebreakers and harbours', keywords: [], timezone: 'UTC', maxExcerpts: 5, paused: false };
const passage = (sourceId: string, i: number, text: string): Passage => ({ id: `${sourceId}#p${i}`, sourceId, paragraphIndex: i, windowIndex: 0, text, sentences: [text], heading: null, citations: [], duplicates: [] });

/** Passage i names icebreakers (i % 5) + 1 times and a harbour every third time, padded to one of four lengths: many ties. */
function tiedPassages(n: number): Passage[] {
  return Array.from({ length: n }, (_, i) => {
    const words = [...Array((i % 5) + 1).fill('icebreakers'), ...(i % 3 === 0 ? ['harbours'] : []), ...Array(i % 4).fill('weather')];
    return passage(`s${i % 9}`, i, `${words.join(' ')} reported today.`);
  });
}

describe('rankPassages', () => {
  it('keeps the passages a full sort keeps when more match than it scores in full, ties to the earlier passage', () => {
    // Prepare
    const passages = tiedPassages(RERANK_DEPTH + 150);
    const index = buildSearchIndex(passages);
    const query = buildQuery(theme);
    const full = passages.map((_, i) => scorePassage(index, index.docs[i], i, query)).sort((a, b) => b.score - a.score || a.index - b.index);
    // Act
    const ranked = rankPassages(index, query);
    // Assess
    expect(ranked.map((s) => s.index)).toEqual(full.slice(0, RERANK_DEPTH).map((s) => s.index));
  });

  it('ranks every matching passage of a corpus smaller than that depth, and none that match nothing', () => {
    // Prepare
    const passages = [...tiedPassages(30), passage('other', 99, 'Grain prices rose in the spring.')];
    const index = buildSearchIndex(passages);
    // Act
    const ranked = rankPassages(index, buildQuery(theme));
    // Assess
    expect(ranked).toHaveLength(30);
    expect(ranked.map((s) => s.index)).not.toContain(30);
  });
});

describe('corpus lookups', () => {
  it('follows a passage array that grows after it was first read', () => {
    // Prepare
    const passages = [passage('a', 0, 'one'), passage('b', 1, 'two'), passage('a', 2, 'three')];
    const before = passagesBySource(passages);
    // Act
    passages.push(passage('c', 3, 'four'));
    const after = passagesBySource(passages);
    // Assess
    expect(before.get('a')).toEqual([0, 2]);
    expect(after.get('c')).toEqual([3]);
    expect(after.size).toBe(3);
  });

  it('finds a source by id, and a source added later', () => {
    // Prepare
    const source = (id: string) => ({ id, title: id.toUpperCase() }) as Source;
    const sources = [source('a'), source('b')];
    expect(sourcesById(sources).get('b')?.title).toBe('B');
    // Act
    sources.push(source('c'));
    // Assess
    expect(sourcesById(sources).get('c')?.title).toBe('C');
    expect(sourcesById(sources).get('zz')).toBeUndefined();
  });
});
