/**
 * The theme's own cut. The model's cut is one number for every theme, and above it the
 * per-source cap spreads an issue across sources: a third source's weak passage (just over the
 * cut) can take a slot ahead of a sure one from a source already quoted twice (a passage on the
 * northern sea route in an issue on the alliance debate). So the cut rises above the model's
 * cut while the issue stays as full as it is at the model's cut, and stops where the issue's
 * passages are likeliest relevant (the sum of their order-model probabilities: with the issue's
 * size fixed, the choice is one of order). It never narrows an issue to one source when the
 * model's cut gave it more. It reads only the models' probabilities, never a judgment, so the
 * fit (train.ts, on simulated issues) and the digest (build-digest.ts, on real ones) apply the
 * same rule.
 */

/** How the rise reads one shown passage. */
export interface RiseView<T> {
  /** Its probability of relevance (the decision model's, the one the cut applies to). */
  probability: (t: T) => number;
  /** Its weight in the order, as the selection weighs it (the order model's probability; in the digest also freshness and shape): the rise keeps the issue whose passages sum highest. */
  weight: (t: T) => number;
  /** Its source. */
  source: (t: T) => string | undefined;
}

/** The issue chosen at one cut. */
export interface CutIssue<T> {
  cut: number;
  shown: T[];
}

const sourcesOf = <T>(shown: T[], view: RiseView<T>) => new Set(shown.map(view.source)).size;

/**
 * Raises the cut from `floor`, each step just past the issue's least sure passage, while the
 * issue stays as full, and returns the cut (and its issue) whose passages weigh most; ties keep the lower cut.
 * @param probabilities the candidates' probabilities of relevance (the decision model's)
 * @param floor the model's cut: the theme's cut is never below it
 * @param issueAt the issue the selection builds from the candidates at or above a cut
 */
export function themeCut<T>(probabilities: readonly number[], floor: number, issueAt: (cut: number) => T[], view: RiseView<T>): CutIssue<T> {
  const higher = [...new Set(probabilities.filter((p) => p > floor))].sort((a, b) => a - b);
  const base = issueAt(floor);
  const weightOf = (shown: T[]) => shown.reduce((sum, t) => sum + view.weight(t), 0);
  const minSources = Math.min(2, sourcesOf(base, view));
  let best = { cut: floor, shown: base, weight: weightOf(base) };
  let shown = base;
  while (shown.length) {
    // Each step raises the cut just past the issue's least sure passage: a cut that drops only
    // passages the issue does not show leaves the selection what it had, and it had passed them over.
    const leastSure = Math.min(...shown.map(view.probability));
    const cut = higher.find((p) => p > leastSure);
    if (cut === undefined) break;
    shown = issueAt(cut);
    // A higher cut leaves fewer candidates: once the issue shrinks, the rise is over.
    if (shown.length < base.length) break;
    if (sourcesOf(shown, view) < minSources) continue;
    const weight = weightOf(shown);
    if (weight > best.weight + 1e-9) best = { cut, shown, weight };
  }
  return { cut: best.cut, shown: best.shown };
}
