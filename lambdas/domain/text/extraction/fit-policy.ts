/**
 * Fits the extraction policy: coordinate ascent over each rule's settings (off, or one of a
 * few thresholds), keeping a change only when it raises the benchmark F1 on the pages given.
 * Pure: the caller supplies the scorer (bench/extraction.bench.ts scores pages against the
 * benchmark's reference bodies), so the same code chooses the shipped policy on all pages and
 * each fold's policy on the other folds for the out-of-fold figures.
 */
import { BOILERPLATE_REASONS } from '../boilerplate-rules.ts';
import type { CleaningRules, ExtractionPolicy, HtmlRules } from './extraction-policy.ts';

/** One setting a rule may take. */
type Setting = { rule: string; apply(p: ExtractionPolicy): ExtractionPolicy };

function html<K extends keyof HtmlRules>(key: K, values: HtmlRules[K][]): Setting[] {
  return values.map((v) => ({ rule: `html.${key}`, apply: (p) => ({ ...p, html: { ...p.html, [key]: v } }) }));
}

/** One line rule of boilerplate-rules.ts, on or off. */
function lineRule(reason: string): Setting[] {
  const set = (p: ExtractionPolicy, off: boolean) => {
    const rest = p.htmlCleaning.boilerplateOff.filter((r) => r !== reason);
    return { ...p, htmlCleaning: { ...p.htmlCleaning, boilerplateOff: off ? [...rest, reason].sort() : rest } };
  };
  return [false, true].map((off) => ({ rule: `line.${reason}`, apply: (p) => set(p, off) }));
}

function cleaning(key: Exclude<keyof CleaningRules, 'boilerplateOff'>): Setting[] {
  return [true, false].map((v) => ({ rule: `htmlCleaning.${key}`, apply: (p) => ({ ...p, htmlCleaning: { ...p.htmlCleaning, [key]: v } }) }));
}

/** The settings searched, grouped by rule (the first group member that changes nothing is the current one). */
export const SEARCH_SPACE: Setting[][] = [
  html('fallbackMinWords', [null, 30, 60, 120]),
  html('descriptionCoverage', [null, 0.3, 0.5]),
  html('maxLinkDensity', [null, 0.5, 0.65, 0.8]),
  html('offTopicShare', [null, 0, 0.1, 0.2]),
  html('furnitureNames', [true, false]),
  ...(['trailingSections', 'notesSection', 'repeatedBlocks', 'pullQuotes', 'trailingFragments', 'sentenceResidue'] as const).map(cleaning),
  ...BOILERPLATE_REASONS.map(lineRule),
];

/** The rule names of the search space. */
export const RULES: string[] = SEARCH_SPACE.map((g) => g[0].rule);

/** The same policy with one rule off (a threshold null, a switch false). */
export function withRuleOff(p: ExtractionPolicy, rule: string): ExtractionPolicy {
  const group = SEARCH_SPACE.find((g) => g[0].rule === rule);
  if (!group) throw new Error(`unknown rule ${rule}`);
  if (rule.startsWith('line.')) return group[1].apply(p);
  const off = group.find((s) => {
    const [scope, key] = rule.split('.') as ['html' | 'htmlCleaning', string];
    const v = (s.apply(p)[scope] as unknown as Record<string, unknown>)[key];
    return v === null || v === false;
  });
  return off ? off.apply(p) : p;
}

/**
 * Chooses a policy by coordinate ascent from `start`.
 * @param score F1 of a policy on the fitting pages (higher is better)
 * @param sweeps passes over the rules
 * @returns the chosen policy and its fitting score
 */
export function fitPolicy(start: ExtractionPolicy, score: (p: ExtractionPolicy) => number, sweeps = 2): { policy: ExtractionPolicy; score: number } {
  let best = start;
  let bestScore = score(start);
  for (let s = 0; s < sweeps; s++) {
    let changed = false;
    for (const group of SEARCH_SPACE) {
      for (const setting of group) {
        const candidate = setting.apply(best);
        const f = score(candidate);
        // A change must pay by more than rounding noise to be kept.
        if (f > bestScore + 1e-4) {
          best = candidate;
          bestScore = f;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return { policy: best, score: bestScore };
}
