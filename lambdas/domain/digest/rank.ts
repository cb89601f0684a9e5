/**
 * BM25 ranking of passages against a theme query, with phrase matches of multi-word
 * keywords scored above loose words. BM25 parameters: k1 = 1.2, b = 0.75 (the usual
 * Robertson/Sparck Jones defaults, as in Lucene).
 */
import type { SearchIndex, IndexedPassage } from './search-index.ts';
import type { ThemeQuery } from './query.ts';

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** A phrase hit adds this many times the IDF of its words. */
export const PHRASE_WEIGHT = 1.5;

/** One passage's score with the parts that explain it. */
export interface PassageScore {
  index: number;
  bm25: number;
  phraseScore: number;
  score: number;
  /** Matched stems with their contribution and a surface word. */
  terms: { stem: string; word: string; score: number }[];
  phrases: string[];
}

/** Inverse document frequency (BM25+ style, never negative). */
export function idf(index: SearchIndex, stem: string): number {
  const n = index.docs.length;
  const df = index.df.get(stem) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function countPhrase(tokens: string[], stems: string[]): number {
  let hits = 0;
  outer: for (let i = 0; i + stems.length <= tokens.length; i++) {
    for (let j = 0; j < stems.length; j++) if (tokens[i + j] !== stems[j]) continue outer;
    hits++;
  }
  return hits;
}

/** Scores one indexed passage against the query. */
export function scorePassage(index: SearchIndex, doc: IndexedPassage, i: number, query: ThemeQuery): PassageScore {
  const norm = BM25_K1 * (1 - BM25_B + BM25_B * (doc.tokens.length / (index.avgLength || 1)));
  let bm25 = 0;
  const terms: PassageScore['terms'] = [];
  for (const [stem, weight] of query.terms) {
    const tf = doc.tf.get(stem);
    if (!tf) continue;
    const s = weight * idf(index, stem) * ((tf * (BM25_K1 + 1)) / (tf + norm));
    bm25 += s;
    terms.push({ stem, word: doc.surface.get(stem) ?? stem, score: s });
  }
  let phraseScore = 0;
  const phrases: string[] = [];
  for (const p of query.phrases) {
    if (!p.stems.every((stem) => doc.tf.has(stem))) continue;
    const hits = countPhrase(doc.tokens, p.stems);
    if (!hits) continue;
    phrases.push(p.text);
    phraseScore += PHRASE_WEIGHT * Math.min(hits, 2) * p.stems.reduce((a, s) => a + idf(index, s), 0);
  }
  terms.sort((a, b) => b.score - a.score);
  return { index: i, bm25, phraseScore, score: bm25 + phraseScore, terms, phrases };
}

/** Passages explained and phrase-scored after the fast loose-word pass. */
export const RERANK_DEPTH = 400;

/**
 * The passages of the first pass that go on to full scoring: the best `depth` by loose-word
 * score, ties to the earlier passage (the same set a full sort would keep, found by sorting
 * the scores alone).
 */
function bestTouched(touched: number[], acc: Float64Array, depth: number): number[] {
  if (touched.length <= depth) return touched;
  const scores = new Float64Array(touched.length);
  touched.forEach((i, k) => (scores[k] = acc[i]));
  scores.sort();
  const threshold = scores[scores.length - depth];
  const above = touched.filter((i) => acc[i] > threshold);
  const tied = touched.filter((i) => acc[i] === threshold).sort((a, b) => a - b);
  return [...above, ...tied.slice(0, depth - above.length)];
}

/**
 * Ranks passages best first. A fast term-at-a-time pass over the postings adds up the
 * loose-word BM25 of every passage that contains a query term; the best RERANK_DEPTH of
 * them are then scored in full (phrases, per-term explanation). On a corpus smaller than
 * that depth the result is exact.
 */
export function rankPassages(index: SearchIndex, query: ThemeQuery): PassageScore[] {
  const acc = new Float64Array(index.docs.length);
  const touched: number[] = [];
  const lengthScale = BM25_B / (index.avgLength || 1);
  for (const [stem, weight] of query.terms) {
    const posting = index.postings.get(stem);
    if (!posting) continue;
    const w = weight * idf(index, stem) * (BM25_K1 + 1);
    for (let k = 0; k < posting.docs.length; k++) {
      const i = posting.docs[k];
      const tf = posting.tf[k];
      const norm = BM25_K1 * (1 - BM25_B + lengthScale * index.docs[i].tokens.length);
      if (acc[i] === 0) touched.push(i);
      acc[i] += (w * tf) / (tf + norm);
    }
  }
  const out: PassageScore[] = [];
  for (const i of bestTouched(touched, acc, RERANK_DEPTH)) {
    const s = scorePassage(index, index.docs[i], i, query);
    if (s.score > 0) out.push(s);
  }
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}
