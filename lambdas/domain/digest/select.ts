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
export const RELATIVE_CUT = 0.4;
/**
 * A relevant passage matches at least this many distinct informative query stems (found in
 * under half of the passages), or one phrase.
 */
export const MIN_INFORMATIVE_TERMS = 3;
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
export function isRelevant(s: PassageScore, reference: number, informative: (stem: string) => boolean, cut = RELATIVE_CUT, minInformative = MIN_INFORMATIVE_TERMS): boolean {
  if (s.score < cut * reference) return false;
  return s.phrases.length > 0 || s.terms.filter((t) => informative(t.stem)).length >= minInformative;
}

/**
 * The second tier: passages clearly on the theme but below the main cut. They are taken only
 * to reach the minimum from another source, before a source gives more than its share.
 */
export const SECOND_TIER_CUT = 0.3;
export const SECOND_TIER_INFORMATIVE = 2;

/** How an excerpt reads once shaped (see standalone-excerpt.ts). */
export interface ShapeInfo {
  standsAlone: boolean;
  /** Paragraph keys it draws on (`source#paragraph`). */
  paragraphs: string[];
}

/** Editorial limits of a selection. */
export interface SelectLimits {
  /** At most this many from one source while other sources have passages above the cut. */
  maxPerSource?: number;
  /** The issue wants at least this many (second-tier passages are taken to reach it). */
  minExcerpts?: number;
  /** Shapes a candidate; one that does not stand alone is taken only when nothing else is left. */
  shape?: (p: Passage) => ShapeInfo;
  /**
   * The relevance model's verdict on a candidate (relevant, and `p` its weight in the order;
   * null = not judged); given, it replaces the hand-set cuts, and nothing below it is taken.
   */
  judge?: (s: PassageScore) => { p: number; relevant: boolean } | null;
}

/** Score factor of a candidate that does not read on its own. */
export const NOT_STANDALONE_FACTOR = 0.5;

/**
 * Picks up to `max` passages.
 * @param ranked scores best first (from rankPassages)
 * @param passages the passages the index was built from
 * @param eligible filter for history and fragments
 * @param limits per-source cap, minimum and excerpt shaping
 */
export function selectExcerpts(
  ranked: PassageScore[],
  passages: Passage[],
  index: SearchIndex,
  max: number,
  eligible: (p: Passage) => boolean,
  limits: SelectLimits = {},
): { chosen: PassageScore[]; considered: number; relevant: PassageScore[] } {
  // Eligibility is checked lazily, best first: only passages that can pass the cut are looked at.
  const pool: PassageScore[] = [];
  let reference = 0;
  for (const s of ranked) {
    if (limits.judge ? !limits.judge(s) : reference && s.score < SECOND_TIER_CUT * reference) {
      if (limits.judge) continue;
      break;
    }
    if (!eligible(passages[s.index])) continue;
    pool.push(s);
    // The reference is the best loose-word score among the first eligible passages.
    if (pool.length <= REFERENCE_POOL) reference = Math.max(reference, s.bm25);
  }
  if (!pool.length) return { chosen: [], considered: 0, relevant: [] };
  const top = pool[0].score;
  const informative = (stem: string) => (index.df.get(stem) ?? 0) < index.docs.length / 2;
  const judge = limits.judge;
  const relevant = judge ? pool.filter((s) => judge(s)?.relevant) : pool.filter((s) => isRelevant(s, reference, informative));
  const strong = new Set(relevant);
  const secondTier = judge ? [] : pool.filter((s) => !strong.has(s) && isRelevant(s, reference, informative, SECOND_TIER_CUT, SECOND_TIER_INFORMATIVE));
  const weightOf = (s: PassageScore) => (judge ? (judge(s)?.p ?? 0) : s.score / top);
  const topWeight = Math.max(1e-9, ...relevant.map(weightOf));
  const chosen: PassageScore[] = [];
  const usedParagraphs = new Set<string>();
  const usedGroups = new Set<string>();
  const perSource = new Map<string, number>();
  const maxPerSource = limits.maxPerSource ?? Infinity;
  const minExcerpts = Math.min(limits.minExcerpts ?? 0, max);
  const shapes = new Map<number, ShapeInfo>();
  const shapeOf = (i: number): ShapeInfo => {
    let s = shapes.get(i);
    if (!s) shapes.set(i, (s = limits.shape ? limits.shape(passages[i]) : { standsAlone: true, paragraphs: [`${passages[i].sourceId}#${passages[i].paragraphIndex}`] }));
    return s;
  };
  /** MMR over candidates until `until` excerpts, at most `cap` per source. */
  const pick = (remaining: PassageScore[], cap: number, until: number) => {
    while (chosen.length < until && remaining.length) {
      let best = -1;
      let bestValue = -Infinity;
      for (let i = 0; i < remaining.length; i++) {
        const s = remaining[i];
        const p = passages[s.index];
        if ((p.groupId && usedGroups.has(p.groupId)) || (perSource.get(p.sourceId) ?? 0) >= cap) continue;
        const shape = shapeOf(s.index);
        if (shape.paragraphs.some((k) => usedParagraphs.has(k))) continue;
        const redundancy = chosen.reduce((m, c) => Math.max(m, cosine(index.docs[s.index].tf, index.docs[c.index].tf)), 0);
        const relevance = (weightOf(s) / (judge ? topWeight : 1)) * (shape.standsAlone ? 1 : NOT_STANDALONE_FACTOR);
        const value = MMR_LAMBDA * relevance - (1 - MMR_LAMBDA) * redundancy;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      }
      if (best < 0) break;
      const [s] = remaining.splice(best, 1);
      const p = passages[s.index];
      for (const k of shapeOf(s.index).paragraphs) usedParagraphs.add(k);
      if (p.groupId) usedGroups.add(p.groupId);
      perSource.set(p.sourceId, (perSource.get(p.sourceId) ?? 0) + 1);
      chosen.push(s);
    }
  };
  const remaining = [...relevant];
  // Spread across sources while other sources have passages above the cut...
  pick(remaining, maxPerSource, max);
  // ...and when none has more, the cap gives way: an issue is full when the material is there.
  if (chosen.length < max) pick(remaining, Infinity, max);
  // Short of the minimum with every passage above the cut taken: a clearly related passage
  // from the second tier, still spread across sources.
  if (chosen.length < minExcerpts) pick([...secondTier], maxPerSource, minExcerpts);
  return { chosen, considered: relevant.length, relevant };
}
