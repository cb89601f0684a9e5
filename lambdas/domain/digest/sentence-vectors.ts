/**
 * Sentence vectors and sentence filters shared by the summarisers: TF-IDF vectors over a
 * small set of sentences, cosine similarity, and the test of a sentence a summary may quote.
 */
import { wordCount } from '../text/normalize.ts';

export type Vector = Map<string, number>;

/** Shortest summary sentence, in words. */
export const MIN_SUMMARY_WORDS = 12;

/** A full sentence: at least 12 words, starts like a sentence, ends with sentence punctuation. */
export function isSummarySentence(text: string): boolean {
  if (wordCount(text) < MIN_SUMMARY_WORDS) return false;
  if (!/^["'(\[]?[\p{Lu}\p{N}]/u.test(text)) return false;
  return /[.!?]["')\]]*$/.test(text);
}

/** Cosine similarity of two sparse vectors. */
export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    const w = b.get(k);
    if (w) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * TF-IDF vectors of stemmed sentences (IDF over the sentences themselves), and the query
 * weighted the same way.
 */
export function tfidfVectors(sentences: string[][], query?: Map<string, number>): { vectors: Vector[]; queryVector: Vector } {
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of new Set(s)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sentences.length;
  const idf = (t: string) => Math.log(1 + n / ((df.get(t) ?? 0) + 1));
  const vectors = sentences.map((s) => {
    const v: Vector = new Map();
    for (const t of s) v.set(t, (v.get(t) ?? 0) + 1);
    for (const [t, tf] of v) v.set(t, (1 + Math.log(tf)) * idf(t));
    return v;
  });
  const queryVector: Vector = new Map();
  if (query) for (const [t, w] of query) queryVector.set(t, w * idf(t));
  return { vectors, queryVector };
}
