/** ROUGE-N F1 over lower-cased alphanumeric tokens (as in the BBC benchmark's README). */

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function ngrams(t: string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= t.length; i++) {
    const k = t.slice(i, i + n).join(' ');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** ROUGE-N F1 of a candidate summary against a reference. */
export function rougeN(candidate: string, reference: string, n: number): number {
  const c = ngrams(tokens(candidate), n);
  const r = ngrams(tokens(reference), n);
  let overlap = 0;
  for (const [k, v] of c) overlap += Math.min(v, r.get(k) ?? 0);
  const cTotal = [...c.values()].reduce((a, b) => a + b, 0);
  const rTotal = [...r.values()].reduce((a, b) => a + b, 0);
  if (!cTotal || !rTotal || !overlap) return 0;
  const p = overlap / cTotal;
  const rec = overlap / rTotal;
  return (2 * p * rec) / (p + rec);
}
