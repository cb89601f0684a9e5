/**
 * Query-focused extractive summary of a digest: 3-5 sentences taken verbatim from the
 * selected passages, each a full sentence of at least 12 words with its source. Sentences
 * are scored by similarity to the theme, centrality among the selected sentences (a
 * LexRank-style degree) and position in their passage, picked with redundancy control,
 * and printed in the order of the excerpts they come from.
 */
import type { Passage, SummarySentence, Theme } from '../types.ts';
import { analyze } from '../text/analyze.ts';
import { buildQuery } from './query.ts';
import { isSummarySentence, tfidfVectors, cosine } from './sentence-vectors.ts';

export const SUMMARY_MIN = 3;
export const SUMMARY_MAX = 5;
const W_QUERY = 0.5;
const W_CENTRAL = 0.3;
const W_POSITION = 0.2;
/** Two summary sentences more similar than this say the same thing. */
const REDUNDANT = 0.45;

/**
 * Summarises the selected passages for a theme.
 * @param passages the digest's excerpts' passages, in excerpt order
 * @param theme the theme the summary must speak to
 * @param opts.sentences how many sentences (default: one per passage, clamped to 3-5)
 */
export function summarizeForTheme(passages: Passage[], theme: Theme, opts: { sentences?: number; accept?: (sentence: string) => boolean } = {}): SummarySentence[] {
  const want = opts.sentences ?? Math.min(SUMMARY_MAX, Math.max(SUMMARY_MIN, passages.length));
  const candidates = passages.flatMap((p, pi) =>
    p.sentences.map((text, si) => ({ text, sourceId: p.sourceId, pi, si, stems: analyze(text) })).filter((c) => isSummarySentence(c.text) && (opts.accept?.(c.text) ?? true)),
  );
  if (!candidates.length) return [];
  const query = buildQuery(theme);
  const { vectors, queryVector } = tfidfVectors(candidates.map((c) => c.stems), query.terms);
  const central = vectors.map((v, i) => {
    let sum = 0;
    vectors.forEach((w, j) => {
      if (i !== j) sum += cosine(v, w);
    });
    return vectors.length > 1 ? sum / (vectors.length - 1) : 0;
  });
  const maxCentral = Math.max(...central, 1e-9);
  const scored = candidates.map((c, i) => ({
    ...c,
    i,
    score: W_QUERY * cosine(vectors[i], queryVector) + W_CENTRAL * (central[i] / maxCentral) + W_POSITION / (1 + c.si),
  }));
  const chosen: typeof scored = [];
  for (const c of [...scored].sort((a, b) => b.score - a.score)) {
    if (chosen.length >= want) break;
    if (chosen.some((o) => cosine(vectors[o.i], vectors[c.i]) > REDUNDANT)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.pi - b.pi || a.si - b.si).map((c) => ({ text: c.text, sourceId: c.sourceId }));
}
