/**
 * TextRank over sentences: PageRank on the graph whose edges are TF-IDF cosine similarities
 * (Mihalcea & Tarau 2004, with the cosine weighting of LexRank). Used as a feature of the
 * article summariser and as the baseline it is measured against.
 */
import { cosine, type Vector } from './sentence-vectors.ts';

/** PageRank damping factor. */
export const DAMPING = 0.85;

/**
 * Scores sentences by centrality.
 * @param vectors TF-IDF vectors of the sentences
 * @returns one score per sentence (they sum to about 1)
 */
export function textRank(vectors: Vector[], iterations = 50): number[] {
  const n = vectors.length;
  if (n === 0) return [];
  const w: number[][] = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const out = w.map((row) => row.reduce((s, x) => s + x, 0));
  let scores = new Array<number>(n).fill(1 / n);
  for (let it = 0; it < iterations; it++) {
    const next = new Array<number>(n).fill((1 - DAMPING) / n);
    for (let j = 0; j < n; j++) {
      if (!out[j]) {
        for (let i = 0; i < n; i++) next[i] += (DAMPING * scores[j]) / n;
        continue;
      }
      for (let i = 0; i < n; i++) if (w[j][i]) next[i] += (DAMPING * scores[j] * w[j][i]) / out[j];
    }
    scores = next;
  }
  return scores;
}
