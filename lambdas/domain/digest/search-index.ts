/**
 * The BM25 search index over passages: per passage its stemmed tokens (stop words removed,
 * order kept for phrase matching) and term frequencies; per stem its document frequency;
 * the average passage length. Serialisable to JSON so a Lambda can load it instead of
 * re-ingesting.
 */
import type { Passage } from '../types.ts';
import { analyze, tokenize, stem, isStopWord } from '../text/analyze.ts';

export interface IndexedPassage {
  /** Stemmed content tokens in order. */
  tokens: string[];
  tf: Map<string, number>;
  /** A surface word seen for each stem, for `why`. */
  surface: Map<string, string>;
}

/** The passages that contain one stem, with the stem's frequency in each (parallel arrays). */
export interface Posting {
  docs: number[];
  tf: number[];
}

export interface SearchIndex {
  docs: IndexedPassage[];
  df: Map<string, number>;
  /** Stem -> the passages that contain it (for scoring only matching passages). */
  postings: Map<string, Posting>;
  avgLength: number;
}

function finish(docs: IndexedPassage[]): SearchIndex {
  const df = new Map<string, number>();
  const postings = new Map<string, Posting>();
  let total = 0;
  docs.forEach((d, i) => {
    total += d.tokens.length;
    for (const [s, tf] of d.tf) {
      df.set(s, (df.get(s) ?? 0) + 1);
      let posting = postings.get(s);
      if (!posting) postings.set(s, (posting = { docs: [], tf: [] }));
      posting.docs.push(i);
      posting.tf.push(tf);
    }
  });
  return { docs, df, postings, avgLength: docs.length ? total / docs.length : 0 };
}

/** Indexes one text. */
export function indexText(text: string): IndexedPassage {
  const tokens: string[] = [];
  const surface = new Map<string, string>();
  for (const t of tokenize(text)) {
    if (t.length < 2 || isStopWord(t)) continue;
    const s = stem(t);
    tokens.push(s);
    if (!surface.has(s)) surface.set(s, t);
  }
  const tf = new Map<string, number>();
  for (const s of tokens) tf.set(s, (tf.get(s) ?? 0) + 1);
  return { tokens, tf, surface };
}

/**
 * Builds the index for passages (same order as the array).
 * @param passages kept passages of a corpus
 */
export function buildSearchIndex(passages: Passage[]): SearchIndex {
  return finish(passages.map((p) => indexText(p.text)));
}

/** JSON form of the index (tokens only; the rest is rebuilt on load in linear time). */
export interface SearchIndexJson {
  tokens: string[][];
  surface: [string, string][][];
}

/** Serialises the index. */
export function searchIndexToJson(index: SearchIndex): SearchIndexJson {
  return { tokens: index.docs.map((d) => d.tokens), surface: index.docs.map((d) => [...d.surface]) };
}

/** Loads an index serialised by searchIndexToJson. */
export function searchIndexFromJson(json: SearchIndexJson): SearchIndex {
  return finish(
    json.tokens.map((tokens, i) => {
      const tf = new Map<string, number>();
      for (const s of tokens) tf.set(s, (tf.get(s) ?? 0) + 1);
      return { tokens, tf, surface: new Map(json.surface[i]) };
    }),
  );
}

export { analyze };
