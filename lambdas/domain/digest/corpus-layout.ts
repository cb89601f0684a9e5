/**
 * Lookups into a corpus's arrays. A digest reads a few sources (their leads, their paragraphs,
 * their dates and titles) out of tens of thousands of passages; these find them without a pass
 * over the whole corpus per theme. Each is computed once per array and kept while the array
 * keeps its length (a corpus's arrays are appended while it is built, never reordered).
 */
import { groupBy } from '../group-by.ts';
import type { Passage, Source } from '../types.ts';

const memo = new WeakMap<readonly unknown[], { length: number; value: unknown }>();

/** `build(array)`, reused for the same array while its length stays the same. */
function perArray<T, V>(array: readonly T[], build: (array: readonly T[]) => V): V {
  const known = memo.get(array);
  if (known && known.length === array.length) return known.value as V;
  const value = build(array);
  memo.set(array, { length: array.length, value });
  return value;
}

/**
 * Source id -> the indexes of its passages, in order.
 * @param passages a corpus's passages (the search index's order)
 */
export function passagesBySource(passages: readonly Passage[]): ReadonlyMap<string, readonly number[]> {
  return perArray(passages, (list) => groupBy([...list.keys()], (i) => list[i].sourceId));
}

/**
 * Source id -> source.
 * @param sources a corpus's sources
 */
export function sourcesById(sources: readonly Source[]): ReadonlyMap<string, Source> {
  return perArray(sources, (list) => new Map(list.map((s) => [s.id, s])));
}
