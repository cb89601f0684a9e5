/**
 * Excerpt selection: the relevance cut (weak matches are dropped, never padded), then
 * maximal marginal relevance so excerpts make different points, never two from the same
 * paragraph or the same duplicate group.
 */
import type { Passage } from '../types.ts';
import type { PassageScore } from './rank.ts';
import type { SearchIndex } from './search-index.ts';
import { cosine } from './sentence-vectors.ts';

/**
 * A passage must score at least this share of the best loose-word BM25 score in the pool
 * (phrase bonuses are left out of the reference so one phrase-rich passage cannot push
 * every other relevant passage under the cut).
 */
export const RELATIVE_CUT = 0.3;
/**
 * A relevant passage matches at least this many distinct informative query stems (found in
 * under half of the passages), or one phrase.
 */
export const MIN_INFORMATIVE_TERMS = 2;
/** The reference score is taken over this many best eligible passages. */
const REFERENCE_POOL = 50;
/** MMR trade-off between relevance and novelty. */
export const MMR_LAMBDA = 0.7;
/** Excerpts shorter than this are fragments, not passages. */
export const MIN_EXCERPT_WORDS = 12;


/**
 * Whether a ranked passage is a real match rather than a passing mention.
 * @param reference the best loose-word BM25 score of the pool
 * @param informative whether a stem is informative (rare enough) in this corpus
 */
export function isRelevant(s: PassageScore, reference: number, informative: (stem: string) => boolean): boolean {
  if (s.score < RELATIVE_CUT * reference) return false;
  return s.phrases.length > 0 || s.terms.filter((t) => informative(t.stem)).length >= MIN_INFORMATIVE_TERMS;
}

/**
 * Picks up to `max` passages.
 * @param ranked scores best first (from rankPassages)
 * @param passages the passages the index was built from
 * @param eligible filter for history and fragments
 */
export function selectExcerpts(
  ranked: PassageScore[],
  passages: Passage[],
  index: SearchIndex,
  max: number,
  eligible: (p: Passage) => boolean,
): { chosen: PassageScore[]; considered: number } {
  // Eligibility is checked lazily, best first: only passages that can pass the cut are looked at.
  const pool: PassageScore[] = [];
  let reference = 0;
  for (const s of ranked) {
    if (reference && s.score < RELATIVE_CUT * reference) break;
    if (!eligible(passages[s.index])) continue;
    pool.push(s);
    // The reference is the best loose-word score among the first eligible passages.
    if (pool.length <= REFERENCE_POOL) reference = Math.max(reference, s.bm25);
  }
  if (!pool.length) return { chosen: [], considered: 0 };
  const top = pool[0].score;
  const informative = (stem: string) => (index.df.get(stem) ?? 0) < index.docs.length / 2;
  const relevant = pool.filter((s) => isRelevant(s, reference, informative));
  const chosen: PassageScore[] = [];
  const usedParagraphs = new Set<string>();
  const usedGroups = new Set<string>();
  const remaining = [...relevant];
  while (chosen.length < max && remaining.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < remaining.length; i++) {
      const s = remaining[i];
      const p = passages[s.index];
      if (usedParagraphs.has(`${p.sourceId}#${p.paragraphIndex}`) || (p.groupId && usedGroups.has(p.groupId))) continue;
      const redundancy = chosen.reduce((m, c) => Math.max(m, cosine(index.docs[s.index].tf, index.docs[c.index].tf)), 0);
      const value = MMR_LAMBDA * (s.score / top) - (1 - MMR_LAMBDA) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    const [s] = remaining.splice(best, 1);
    const p = passages[s.index];
    usedParagraphs.add(`${p.sourceId}#${p.paragraphIndex}`);
    if (p.groupId) usedGroups.add(p.groupId);
    chosen.push(s);
  }
  return { chosen, considered: relevant.length };
}
