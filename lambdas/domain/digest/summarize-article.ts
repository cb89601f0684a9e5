/**
 * Generic extractive summary of one article (no theme): sentences scored by a soft degree
 * centrality (the sum of their TF-IDF cosine similarities to the other sentences, each
 * raised to a power below 1 so many moderate links count more than one strong one),
 * optionally by similarity to the title, position and information density; picked with
 * redundancy control and returned in document order. Every sentence is verbatim.
 * On the BBC benchmark this beats plain TextRank (see bench/summary.bench.ts).
 */
import { analyze, tokenize } from '../text/analyze.ts';
import { splitSentences } from '../text/sentences.ts';
import { cosine, tfidfVectors } from './sentence-vectors.ts';

/** Feature weights (chosen on the first half of the BBC benchmark; see bench/summary.bench.ts). */
export interface SummaryWeights {
  centrality: number;
  /** Exponent applied to each similarity in the degree sum (1 = LexRank's continuous degree). */
  degreePower: number;
  title: number;
  position: number;
  density: number;
  /** Skip a sentence more similar than this to one already chosen. */
  redundancy: number;
}

export const DEFAULT_WEIGHTS: SummaryWeights = { centrality: 1, degreePower: 0.7, title: 0, position: 0, density: 0, redundancy: 0.6 };
export const DEFAULT_SENTENCES = 3;

export interface ArticleSentence {
  text: string;
  paragraph: number;
}

/** Splits an article into sentences with their paragraph numbers (blank lines separate paragraphs). */
export function articleSentences(text: string): ArticleSentence[] {
  const out: ArticleSentence[] = [];
  text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .forEach((p, paragraph) => {
      for (const s of splitSentences(p)) out.push({ text: s, paragraph });
    });
  return out;
}

/**
 * Summarises one article.
 * @param text the article body (paragraphs separated by blank lines)
 * @param opts sentences (default 3), title (improves the choice), weights (for benchmarks)
 * @returns sentences in document order, each verbatim from `text`
 */
export function summarizeArticle(text: string, opts: { sentences?: number; title?: string; weights?: SummaryWeights } = {}): { text: string }[] {
  const want = opts.sentences ?? DEFAULT_SENTENCES;
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  const sentences = articleSentences(text);
  if (sentences.length <= want) return sentences.map((s) => ({ text: s.text }));
  const stems = sentences.map((s) => analyze(s.text));
  const titleStems = opts.title ? analyze(opts.title) : [];
  const { vectors, queryVector } = tfidfVectors(stems, new Map(titleStems.map((t) => [t, 1])));
  const degree = vectors.map((v, i) => vectors.reduce((sum, u, j) => (i === j ? sum : sum + Math.pow(cosine(v, u), w.degreePower)), 0));
  const maxDegree = Math.max(...degree, 1e-9);
  const density = sentences.map((s, i) => {
    const words = tokenize(s.text).length || 1;
    const figures = (s.text.match(/\d/g) ? 1 : 0) + (/["“]/.test(s.text) ? 0.5 : 0);
    return Math.min(1, stems[i].length / 20) * 0.7 + figures * 0.3 * Math.min(1, words / 10);
  });
  const n = sentences.length;
  const scored = sentences.map((s, i) => ({
    i,
    score:
      w.centrality * (degree[i] / maxDegree) +
      w.title * (titleStems.length ? cosine(vectors[i], queryVector) : 0) +
      w.position * (1 - i / n) +
      w.density * density[i],
  }));
  const chosen: number[] = [];
  for (const c of scored.sort((a, b) => b.score - a.score)) {
    if (chosen.length >= want) break;
    if (!tokenize(sentences[c.i].text).length) continue;
    if (chosen.some((j) => cosine(vectors[j], vectors[c.i]) > w.redundancy)) continue;
    chosen.push(c.i);
  }
  return chosen.sort((a, b) => a - b).map((i) => ({ text: sentences[i].text }));
}
