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
 * Ranks passages best first. A fast term-at-a-time pass over the postings adds up the
 * loose-word BM25 of every passage that contains a query term; the best RERANK_DEPTH of
 * them are then scored in full (phrases, per-term explanation). On a corpus smaller than
 * that depth the result is exact.
 */
export function rankPassages(index: SearchIndex, query: ThemeQuery): PassageScore[] {
  const acc = new Float64Array(index.docs.length);
  const touched: number[] = [];
  for (const [stem, weight] of query.terms) {
    const list = index.postings.get(stem);
    if (!list) continue;
    const w = weight * idf(index, stem);
    for (const i of list) {
      const doc = index.docs[i];
      const tf = doc.tf.get(stem)!;
      const norm = BM25_K1 * (1 - BM25_B + BM25_B * (doc.tokens.length / (index.avgLength || 1)));
      if (acc[i] === 0) touched.push(i);
      acc[i] += (w * (tf * (BM25_K1 + 1))) / (tf + norm);
    }
  }
  touched.sort((a, b) => acc[b] - acc[a] || a - b);
  const out: PassageScore[] = [];
  for (const i of touched.slice(0, RERANK_DEPTH)) {
    const s = scorePassage(index, index.docs[i], i, query);
    if (s.score > 0) out.push(s);
  }
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}
