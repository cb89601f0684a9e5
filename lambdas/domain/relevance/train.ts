/**
 * Fits the relevance model: L2-regularised logistic regression by gradient descent on judged
 * (feature vector, relevant?) pairs, twice: the decision model on the theme-independent
 * features and the order model on all features. The decision model's cut is chosen on
 * simulated issues spread across sources as the digest spreads them, each theme's cut risen
 * as the digest raises it (theme-cut.ts): the best precision-weighted F of precision and
 * fill, theme by theme. The brief's higher cut is set where its passages are on the theme
 * at least 99% of the time. Pure; bench/relevance/fit.ts feeds it the judged themes, and
 * the editorial bench calls it once per left-out theme.
 */
import { FEATURES, RELATIVE_FEATURES, type FeatureName } from './features.ts';
import { logistic, logOdds, type Logistic, type RelevanceModel } from './model.ts';
import { DEFAULT_MAX_PER_SOURCE } from '../themes/parse-themes.ts';
import { themeCut, type RiseView } from './theme-cut.ts';

/** One judged example. */
export interface Example {
  x: number[];
  relevant: boolean;
  /** The judged theme it belongs to: the cut is chosen on each theme's simulated issue. */
  theme?: string;
  /** Quotable (not a copy, not a fragment): only these can be shown. */
  eligible?: boolean;
  /** Its source: the simulated issue spreads across sources as the digest's per-source cap does. */
  source?: string;
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

/** Newton steps of the calibration fit (two parameters: it converges in a handful). */
const CALIBRATION_STEPS = 50;

/**
 * Platt scaling: refits the model's log-odds z as sigmoid(a * z + b) on the quotable examples
 * without class weights, so its probability reads as the share of such passages that are
 * relevant (the class-weighted fit orders well but runs high: out of fold, its 0.5-0.6 bin was
 * 26% relevant). Folded back into the weights, so the model's form does not change; the order
 * of passages does not change either.
 */
export function calibrate(m: Logistic, examples: Example[]): Logistic {
  const points = examples.filter((e) => e.eligible !== false).map((e) => ({ z: logOdds(m, e.x), y: e.relevant ? 1 : 0 }));
  if (!points.some((q) => q.y) || points.every((q) => q.y)) return m;
  const loss = (a: number, b: number) => points.reduce((sum, { z, y }) => {
    const t = a * z + b;
    // log(1 + e^t) - y t, written to stay finite for large |t|
    return sum + Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) - y * t;
  }, 0);
  let a = 1;
  let b = 0;
  let current = loss(a, b);
  for (let step = 0; step < CALIBRATION_STEPS; step++) {
    // Gradient and Hessian of the log-loss in (a, b), with a little ridge to keep it defined.
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    for (const { z, y } of points) {
      const q = 1 / (1 + Math.exp(-(a * z + b)));
      const r = q * (1 - q);
      ga += (q - y) * z;
      gb += q - y;
      haa += r * z * z;
      hab += r * z;
      hbb += r;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // A Newton step, halved until the loss does not rise (a full step can overshoot far from the optimum).
    let scale = 1;
    while (scale > 1e-6 && loss(a - scale * da, b - scale * db) > current) scale /= 2;
    if (scale <= 1e-6) break;
    a -= scale * da;
    b -= scale * db;
    current = loss(a, b);
  }
  const weights: Partial<Record<FeatureName, number>> = {};
  for (const [f, w] of Object.entries(m.weights) as [FeatureName, number][]) weights[f] = Math.round(a * w * 1e4) / 1e4;
  return { weights, bias: Math.round((a * m.bias + b) * 1e4) / 1e4 };
}

/** Fits the decision model (calibrated), its cut, the brief's cut and the order model. */
export function trainModel(examples: Example[]): RelevanceModel {
  const decide = calibrate(fitLogistic(examples, (f) => !RELATIVE_FEATURES.has(f)), examples);
  const order = fitLogistic(examples, () => true);
  const cut = chooseIssueCut(decide, order, examples);
  return { decide, cut, order, briefCut: Math.max(cut, chooseBriefCut(decide, examples)) };
}

/** Excerpts an issue shows at most, in the simulation that chooses the cut. */
const ISSUE_SIZE = 5;
/** Cuts tried by the issue-level choice: 0.02 to 0.99 by half-hundredths. */
const CUT_STEPS = Array.from({ length: 195 }, (_, i) => Math.round((0.02 + i * 0.005) * 1000) / 1000);

/** A judged example as the simulation sees it: its probability, its place and its label. */
interface Scored {
  p: number;
  o: number;
  relevant: boolean;
  source?: string;
}

/** The quotable examples grouped by theme (examples without a theme form one group). */
function byTheme(examples: Example[], score: (e: Example) => Omit<Scored, 'relevant'>): Scored[][] {
  const groups = new Map<string, Scored[]>();
  for (const e of examples) {
    if (e.eligible === false) continue;
    const key = e.theme ?? '';
    const list = groups.get(key) ?? [];
    list.push({ ...score(e), relevant: e.relevant, source: e.source });
    groups.set(key, list);
  }
  return [...groups.values()];
}

/**
 * How good one theme's simulated issue is: F0.5 of its precision and its fill (relevant shown
 * over what a full issue could hold); an empty issue is right only when nothing is relevant.
 */
export function issueQuality(shown: { relevant: boolean }[], relevantAvailable: number): number {
  if (!relevantAvailable) return shown.length ? 0 : 1;
  const hits = shown.filter((e) => e.relevant).length;
  if (!hits) return 0;
  const precision = hits / shown.length;
  const fill = hits / Math.min(ISSUE_SIZE, relevantAvailable);
  return ((1 + BETA * BETA) * precision * fill) / (BETA * BETA * precision + fill);
}

/**
 * The issue the digest would build from a theme's passages above the cut (best first): at
 * most `perSource` from one source while other sources have passages left, then the cap
 * gives way until the issue is full (select.ts, without its paragraph and novelty rules).
 */
export function simulatedIssue<T extends { source?: string }>(above: T[], perSource: number = DEFAULT_MAX_PER_SOURCE): T[] {
  const shown: T[] = [];
  const perSourceCount = new Map<string, number>();
  const capped = (e: T) => e.source !== undefined && (perSourceCount.get(e.source) ?? 0) >= perSource;
  // Spread across sources while other sources have passages left...
  for (const e of above) {
    if (shown.length >= ISSUE_SIZE) break;
    if (capped(e)) continue;
    if (e.source !== undefined) perSourceCount.set(e.source, (perSourceCount.get(e.source) ?? 0) + 1);
    shown.push(e);
  }
  // ...then the cap gives way until the issue is full.
  for (const e of above) {
    if (shown.length >= ISSUE_SIZE) break;
    if (!shown.includes(e)) shown.push(e);
  }
  return shown;
}

/**
 * The cut that makes the best issues over the judged themes: per theme, the quotable
 * examples at or above the cut in the order model's order, spread across sources as the
 * digest's cap spreads them (so a loose cut pays for the off-theme passages it lets the cap reach),
 * with the theme's own cut risen above it as the digest raises it (theme-cut.ts); the
 * mean issueQuality over themes is maximised (ties go to the higher cut). Choosing on whole
 * issues, not pooled pairs, weighs a theme nothing covers (it must come out empty) as much
 * as a theme with fifty relevant passages.
 */
export function chooseIssueCut(decide: Logistic, order: Logistic, examples: Example[]): number {
  const themes = byTheme(examples, (e) => ({ p: logistic(decide, e.x), o: logistic(order, e.x) })).map((list) => {
    const ranked = list.sort((a, b) => b.o - a.o);
    return { issueAt: issueMemo(ranked), probabilities: ranked.map((e) => e.p), relevant: ranked.filter((e) => e.relevant).length };
  });
  let best = { quality: -1, cut: 0.5 };
  for (const cut of CUT_STEPS) {
    const total = themes.reduce((sum, t) => sum + issueQuality(themeCut(t.probabilities, cut, t.issueAt, RISE_VIEW).shown, t.relevant), 0);
    const quality = total / Math.max(1, themes.length);
    if (quality >= best.quality) best = { quality, cut };
  }
  return best.cut;
}

/** How the theme's cut rises over simulated issues: by the order model's probability, per source. */
const RISE_VIEW: RiseView<Scored> = { probability: (e) => e.p, weight: (e) => e.o, source: (e) => e.source };

/** A theme's simulated issue at any cut, each distinct set above a cut built once. */
function issueMemo(ranked: Scored[]): (cut: number) => Scored[] {
  const issues = new Map<number, Scored[]>();
  return (cut) => {
    const above = ranked.filter((e) => e.p >= cut);
    let shown = issues.get(above.length);
    if (!shown) issues.set(above.length, (shown = simulatedIssue(above)));
    return shown;
  };
}

/**
 * Precision the brief's passages must have on the judged examples. Set above the product's
 * 0.95 promise because a theme left out of the fit meets a cut chosen on others: at 0.95 the
 * out-of-fold share was 0.88, at 0.99 it is 0.98 (bench/results/editorial.json).
 */
const BRIEF_PRECISION = 0.99;

/**
 * The lowest cut at which the brief's passages are at least BRIEF_PRECISION relevant on
 * average over the judged themes (each theme weighs the same, so a kind of theme whose
 * probabilities run high cannot hide behind the others); 1 if no cut reaches it.
 */
export function chooseBriefCut(m: Logistic, examples: Example[]): number {
  const themes = byTheme(examples, (e) => ({ p: logistic(m, e.x), o: 0 }));
  const macroPrecision = (cut: number) => {
    const above = themes.map((list) => list.filter((e) => e.p >= cut)).filter((list) => list.length);
    const shares = above.map((list) => list.filter((e) => e.relevant).length / list.length);
    return shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : 1;
  };
  const steps = Array.from({ length: 100 }, (_, i) => i / 100);
  return steps.find((cut) => macroPrecision(cut) >= BRIEF_PRECISION) ?? 1;
}
