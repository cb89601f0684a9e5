/**
 * Fits the relevance model: L2-regularised logistic regression by gradient descent on judged
 * (feature vector, relevant?) pairs, twice: the decision model on the theme-independent
 * features, with its cut at the best precision-weighted F (F0.5) on those pairs, and the order
 * model on all features. Pure; bench/relevance/fit.ts feeds it the judged themes, and the
 * editorial bench calls it once per left-out theme.
 */
import { FEATURES, RELATIVE_FEATURES, type FeatureName } from './features.ts';
import { logistic, type Logistic, type RelevanceModel } from './model.ts';

/** One judged example. */
export interface Example {
  x: number[];
  relevant: boolean;
}

const EPOCHS = 600;
const RATE = 0.5;
const L2 = 1e-3;
/** Precision counts this much more than recall in choosing the cut (F-beta with beta 0.5). */
const BETA = 0.5;

/** One regression over the features `use` allows; classes weighted to count equally. */
function fitLogistic(examples: Example[], use: (f: FeatureName) => boolean): Logistic {
  const d = FEATURES.length;
  const on = FEATURES.map((f) => use(f));
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const pos = examples.filter((e) => e.relevant).length;
  const neg = examples.length - pos;
  const weightOf = (e: Example) => (e.relevant ? examples.length / (2 * Math.max(1, pos)) : examples.length / (2 * Math.max(1, neg)));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    for (const e of examples) {
      let z = b;
      for (let i = 0; i < d; i++) if (on[i]) z += w[i] * e.x[i];
      const err = (1 / (1 + Math.exp(-z)) - (e.relevant ? 1 : 0)) * weightOf(e);
      for (let i = 0; i < d; i++) if (on[i]) gw[i] += err * e.x[i];
      gb += err;
    }
    for (let i = 0; i < d; i++) if (on[i]) w[i] -= RATE * (gw[i] / examples.length + L2 * w[i]);
    b -= RATE * (gb / examples.length);
  }
  const weights: Partial<Record<FeatureName, number>> = {};
  FEATURES.forEach((f, i) => {
    if (on[i]) weights[f] = Math.round(w[i] * 1e4) / 1e4;
  });
  return { weights, bias: Math.round(b * 1e4) / 1e4 };
}

/** Fits the decision model, its cut and the order model. */
export function trainModel(examples: Example[]): RelevanceModel {
  const decide = fitLogistic(examples, (f) => !RELATIVE_FEATURES.has(f));
  const order = fitLogistic(examples, () => true);
  return { decide, cut: chooseCut(decide, examples), order };
}

/** The cut with the best F0.5 over the examples. */
export function chooseCut(m: Logistic, examples: Example[]): number {
  const scored = examples.map((e) => ({ p: logistic(m, e.x), relevant: e.relevant })).sort((a, b) => b.p - a.p);
  const positives = scored.filter((s) => s.relevant).length;
  let best = { f: -1, cut: 0.5 };
  let tp = 0;
  for (let i = 0; i < scored.length; i++) {
    if (scored[i].relevant) tp++;
    if (i + 1 < scored.length && scored[i + 1].p === scored[i].p) continue;
    const precision = tp / (i + 1);
    const recall = positives ? tp / positives : 0;
    const f = precision + recall ? ((1 + BETA * BETA) * precision * recall) / (BETA * BETA * precision + recall) : 0;
    if (f > best.f) best = { f, cut: scored[i].p };
  }
  return Math.round(best.cut * 1e4) / 1e4;
}
