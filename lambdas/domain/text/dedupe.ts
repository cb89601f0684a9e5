/**
 * Near-duplicate detection across passages: verbatim reposts, long quotations and light
 * paraphrase appear once; the original (earliest date, then most complete source) is kept
 * and the copies are recorded as its duplicates. (Placeholder: exact text only; the
 * near-duplicates issue replaces it.)
 */
import type { Corpus, Passage, Source } from '../types.ts';

export interface DedupeResult {
  passages: Passage[];
  merged: Corpus['merged'];
}

/**
 * Removes duplicate passages, keeping the original and recording the others on it.
 * @param sources sources in any order (dates decide which is original)
 * @param passages every passage of every source
 */
export function dedupePassages(sources: Source[], passages: Passage[]): DedupeResult {
  const seen = new Map<string, Passage>();
  const kept: Passage[] = [];
  const merged: Corpus['merged'] = [];
  void sources;
  for (const p of passages) {
    const key = p.text.toLowerCase().replace(/\W+/g, ' ').trim();
    const first = seen.get(key);
    if (first) {
      first.duplicates.push({ sourceId: p.sourceId, passageId: p.id, kind: 'exact', score: 1 });
      merged.push({ passage: p, into: first.id, kind: 'exact', score: 1 });
    } else {
      seen.set(key, p);
      kept.push(p);
    }
  }
  return { passages: kept, merged };
}
