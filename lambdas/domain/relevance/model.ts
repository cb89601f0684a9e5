/**
 * The relevance model: two logistic regressions over the features of features.ts, fitted by
 * bench/relevance/fit.ts on the judged themes (weights.json). The decision model uses only
 * features whose scale means the same for every theme, and its probability at or above `cut`
 * makes a passage relevant (so a theme nothing covers gets nothing); the order model adds the
 * theme-relative features (RM3 expansion, rank) and orders the relevant passages. Only
 * passages at or above the higher `briefCut` lend the "In brief" a sentence. `why` names the
 * features that decided.
 */
import shipped from './weights.json' with { type: 'json' };
import { FEATURES, type FeatureName } from './features.ts';

/** One logistic regression. */
export interface Logistic {
  /** One weight per feature, by name (absent = 0). */
  weights: Partial<Record<FeatureName, number>>;
  bias: number;
}

/** A fitted model. */
export interface RelevanceModel {
  /** Decides relevance (theme-independent features only). */
  decide: Logistic;
  /** The probability at or above which a passage is relevant. */
  cut: number;
  /** Orders relevant passages (all features). */
  order: Logistic;
  /** The probability at or above which a passage may lend the brief a sentence (at least `cut`). */
  briefCut: number;
}

/** The shipped model (weights.json). */
export const MODEL: Readonly<RelevanceModel> = Object.freeze({ decide: shipped.decide, cut: shipped.cut, order: shipped.order, briefCut: shipped.briefCut } as RelevanceModel);

/** The log-odds of one regression for a feature vector. */
export function logOdds(m: Logistic, x: readonly number[]): number {
  let z = m.bias;
  for (let i = 0; i < FEATURES.length; i++) z += (m.weights[FEATURES[i]] ?? 0) * x[i];
  return z;
}

/** The probability of one regression for a feature vector. */
export function logistic(m: Logistic, x: readonly number[]): number {
  return 1 / (1 + Math.exp(-logOdds(m, x)));
}

/** The probability of relevance (the decision model). */
export function probability(model: RelevanceModel, x: readonly number[]): number {
  return logistic(model.decide, x);
}

/** The features that moved the decision most, with their contribution to the log-odds. */
export function decidingFeatures(model: RelevanceModel, x: readonly number[], n = 3): { name: FeatureName; value: number; contribution: number }[] {
  return FEATURES.map((name, i) => ({ name, value: Math.round(x[i] * 1000) / 1000, contribution: Math.round((model.decide.weights[name] ?? 0) * x[i] * 1000) / 1000 }))
    .filter((f) => f.contribution !== 0)
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, n);
}
