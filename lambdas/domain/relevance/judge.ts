/**
 * Judges a theme's candidates: the best CANDIDATE_DEPTH passages by BM25 get their features
 * and the model's probability of relevance. The digest keeps those at or above the cut;
 * the fit and the editorial bench read the same vectors.
 */
import type { ThemeQuery } from '../digest/query.ts';
import type { PassageScore } from '../digest/rank.ts';
import type { SearchIndex } from '../digest/search-index.ts';
import type { Corpus, Theme } from '../types.ts';
import { sourcesById } from '../digest/corpus-layout.ts';
import { passageFeatures, themeFeatures } from './features.ts';
import { decidingFeatures, logistic, MODEL, probability, type RelevanceModel } from './model.ts';

/** Candidates judged per theme: relevant passages beyond this depth of BM25 are rare, and the cost stays flat. */
export const CANDIDATE_DEPTH = 60;

/** One judged candidate. */
export interface JudgedPassage {
  score: PassageScore;
  /** Feature vector (features.ts order). */
  x: number[];
  /** Probability of relevance (the decision model). */
  p: number;
  /** Order among relevant passages (the order model). */
  order: number;
}

/**
 * Features and probabilities of a theme's best candidates.
 * @param ranked the theme's BM25 ranking, best first
 */
export function judgeCandidates(corpus: Corpus, theme: Theme, query: ThemeQuery, index: SearchIndex, ranked: PassageScore[], model: RelevanceModel = MODEL): JudgedPassage[] {
  const top = ranked.slice(0, CANDIDATE_DEPTH);
  if (!top.length) return [];
  const sourceOf = sourcesById(corpus.sources);
  const candidateSources = new Set(top.map((s) => corpus.passages[s.index].sourceId));
  const titles = new Map([...candidateSources].map((id) => [id, sourceOf.get(id)?.title ?? '']));
  const ctx = themeFeatures(theme, query, index, corpus.passages, ranked, top, titles);
  return top.map((s) => {
    const x = passageFeatures(ctx, index, corpus.passages, s);
    return { score: s, x, p: probability(model, x), order: logistic(model.order, x) };
  });
}

/**
 * `why` of a judged passage: its probability, the cut and the features that decided.
 * @param cut the theme's cut (theme-cut.ts), the model's cut unless it rose
 */
export function relevanceWhy(j: JudgedPassage, model: RelevanceModel = MODEL, cut: number = model.cut): { probability: number; cut: number; features: ReturnType<typeof decidingFeatures> } {
  return { probability: Math.round(j.p * 1000) / 1000, cut: Math.round(cut * 1000) / 1000, features: decidingFeatures(model, j.x) };
}
