/**
 * Excerpt selection: the relevance model's verdict decides what may be taken (weak matches are
 * dropped, never padded), then maximal marginal relevance so excerpts make different points,
 * a per-source cap that spreads an issue across sources while they have relevant passages,
 * and never two excerpts from the same paragraph or the same duplicate group. The issue then
 * reads best first: the cap and MMR decide what is in it, not where it stands.
 */
import type { Passage } from '../types.ts';
import type { PassageScore } from './rank.ts';
import type { SearchIndex } from './search-index.ts';
import { cosine } from './sentence-vectors.ts';

/** MMR trade-off between relevance and novelty. */
export const MMR_LAMBDA = 0.7;
/** Excerpts shorter than this are fragments, not passages. */
export const MIN_EXCERPT_WORDS = 12;

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
  /** Shapes a candidate; one that does not stand alone is taken only when nothing else is left. */
  shape?: (p: Passage) => ShapeInfo;
  /**
   * The relevance model's verdict on a candidate: relevant or not, and `p` its weight in the
   * order; null when it was not judged (beyond the candidate depth), which is never taken.
   */
  judge: (s: PassageScore) => { p: number; relevant: boolean } | null;
  /** How alike two passages are (by index; default the cosine of their terms): a caller that selects many times may cache it. */
  similarity?: (a: number, b: number) => number;
}

/** Score factor of a candidate that does not read on its own. */
export const NOT_STANDALONE_FACTOR = 0.5;

/** How much a candidate's shape lets its weight count: in full when it reads on its own. */
export function shapeFactor(shape: ShapeInfo): number {
  return shape.standsAlone ? 1 : NOT_STANDALONE_FACTOR;
}

/**
 * Picks up to `max` passages, best first.
 * @param ranked scores best first (from rankPassages)
 * @param passages the passages the index was built from
 * @param eligible filter for history and fragments
 * @param limits the model's verdict, the per-source cap and excerpt shaping
 */
export function selectExcerpts(
  ranked: PassageScore[],
  passages: Passage[],
  index: SearchIndex,
  max: number,
  eligible: (p: Passage) => boolean,
  limits: SelectLimits,
): { chosen: PassageScore[]; considered: number; relevant: PassageScore[] } {
  const { judge } = limits;
  const similarity = limits.similarity ?? ((a: number, b: number) => cosine(index.docs[a].tf, index.docs[b].tf));
  // Only judged, eligible passages the verdict calls relevant (at or above the theme's cut) are candidates.
  const relevant = ranked.filter((s) => judge(s)?.relevant && eligible(passages[s.index]));
  if (!relevant.length) return { chosen: [], considered: 0, relevant: [] };
  const weightOf = (s: PassageScore) => judge(s)?.p ?? 0;
  const topWeight = Math.max(1e-9, ...relevant.map(weightOf));
  const chosen: PassageScore[] = [];
  const usedParagraphs = new Set<string>();
  const usedGroups = new Set<string>();
  const perSource = new Map<string, number>();
  const maxPerSource = limits.maxPerSource ?? Infinity;
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
        const redundancy = chosen.reduce((m, c) => Math.max(m, similarity(s.index, c.index)), 0);
        const relevance = (weightOf(s) / topWeight) * shapeFactor(shape);
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
  // Best first: a weak passage the cap took to spread the issue does not stand before surer ones.
  const standing = (s: PassageScore) => weightOf(s) * shapeFactor(shapeOf(s.index));
  chosen.sort((a, b) => standing(b) - standing(a));
  return { chosen, considered: relevant.length, relevant };
}
