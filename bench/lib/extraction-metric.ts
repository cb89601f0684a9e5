/**
 * The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark
 * evaluate.py, re-implemented): `\w+` tokens, 4-token shingles counted with multiplicity,
 * per-page TP/FP/FN normalised to 1, precision and recall averaged over the pages where they
 * are defined, F1 of the two means.
 */

export type TpFpFn = [number, number, number];

const TOKEN = /[\p{L}\p{N}_]+/gu;

function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const out = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const s = tokens.slice(i, i + n);
    if (!s.length) continue;
    const k = s.join('\u0001');
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Normalised TP/FP/FN of one page. */
export function shingleMatch(truth: string, pred: string): TpFpFn {
  const t = shingles(truth);
  const p = shingles(pred);
  let tp = 0, fp = 0, fn = 0;
  for (const k of new Set([...t.keys(), ...p.keys()])) {
    const a = t.get(k) ?? 0;
    const b = p.get(k) ?? 0;
    tp += Math.min(a, b);
    fp += Math.max(0, b - a);
    fn += Math.max(0, a - b);
  }
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

function precision([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}
function recall([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Precision, recall and F1 over pages, as evaluate.py computes them. */
export function extractionScores(pages: TpFpFn[]): { f1: number; precision: number; recall: number } {
  const p = mean(pages.filter(([tp, fp]) => tp + fp > 0).map(precision));
  const r = mean(pages.filter(([tp, , fn]) => tp + fn > 0).map(recall));
  return { f1: p + r ? (2 * p * r) / (p + r) : 0, precision: p, recall: r };
}

/** The page's own F1 (for "pages below 0.5"). */
export function pageF1(m: TpFpFn): number {
  const p = precision(m);
  const r = recall(m);
  return p + r ? (2 * p * r) / (p + r) : 0;
}
