/**
 * Relevance features of a passage for a theme: BM25 against the theme's keywords, title and
 * description as separate fields, phrase matches, coverage of the theme's distinct concepts,
 * pseudo-relevance feedback (RM3-style expansion from the best passages), match with the
 * passage's heading and its source's title, coherence with its own page (title and lead), the
 * whole page's match (a passage on a page about the theme is likelier on it) and the best
 * match of the passages beside it (a paragraph that carries on its neighbour's subject without
 * repeating its words). Every feature is on a scale that means the same for every theme, so one model serves all.
 */
import { analyze } from '../text/analyze.ts';
import type { Passage, Theme } from '../types.ts';
import { BM25_B, BM25_K1, idf, scorePassage, type PassageScore } from '../digest/rank.ts';
import type { ThemeQuery } from '../digest/query.ts';
import type { IndexedPassage, SearchIndex } from '../digest/search-index.ts';
import { cosine } from '../digest/sentence-vectors.ts';
import { passagesBySource } from '../digest/corpus-layout.ts';

/**
 * Features measured against the theme's own best passages (RM3 expansion, BM25 rank): they
 * order a theme's passages well, but the best passage of a theme nothing covers scores high
 * on them too, so the relevance decision leaves them out (model.ts).
 */
export const RELATIVE_FEATURES: ReadonlySet<string> = new Set(['expansion', 'rank']);

/** Feature names, in the order of a feature vector (weights.json uses the same names). */
export const FEATURES = ['bm25', 'keywords', 'title', 'description', 'phrase', 'concepts', 'expansion', 'heading', 'coherence', 'informative', 'themeEvidence', 'rank', 'source', 'neighbours'] as const;
export type FeatureName = (typeof FEATURES)[number];

/** Passages whose terms form the expansion (RM3's feedback set). */
const FEEDBACK_PASSAGES = 10;
/** Expansion terms kept. */
const EXPANSION_TERMS = 25;
/** Informative matched stems at which that feature saturates. */
const INFORMATIVE_CAP = 6;

/** What one theme's features need, computed once per digest. */
export interface ThemeFeatures {
  fields: { keywords: Set<string>; title: Set<string>; description: Set<string> };
  /** The most a passage could score on the whole query (each term matched once, average length). */
  queryMass: number;
  /** Distinct concepts: each keyword, each run of content words in title and description. */
  concepts: string[][];
  /** Expansion term -> weight (from the best passages), and the best expansion score. */
  expansion: Map<string, number>;
  bestExpansion: number;
  /** Source id -> stems of its title and lead (first two passages). */
  leads: Map<string, Map<string, number>>;
  /** Source id -> stems of its title. */
  titles: Map<string, Set<string>>;
  /** Every stem of the theme's keywords, title and description. */
  queryStems: Set<string>;
  /**
   * How strongly the corpus speaks to the theme at all: the best passage's share of the query
   * (a theme nothing covers has a weak best passage, and then no passage is relevant).
   */
  themeEvidence: number;
  /** Passage index -> its place in the BM25 ranking (0 = best). */
  rankOf: Map<number, number>;
  /** Source id -> the whole page's match: BM25 of its text as one document, over queryMass. */
  sourceMatch: Map<string, number>;
  /** Passage index -> the best BM25 of the passages next to it in its source, over queryMass. */
  neighbours: Map<number, number>;
}

/** Runs of content words between stop words and punctuation: the theme's concepts. */
function conceptsOf(text: string): string[][] {
  const out: string[][] = [];
  for (const chunk of text.split(/[,.;:()\-–—/]|\b(?:and|or|of|the|a|an|in|on|for|to|with|by|from|as|its|their|between|about|what|who|how|which|that|when|where|is|are|was|were)\b/i)) {
    const stems = analyze(chunk);
    if (stems.length) out.push(stems);
  }
  return out;
}

function saturated(tf: number, length: number, avg: number): number {
  const norm = BM25_K1 * (1 - BM25_B + BM25_B * (length / (avg || 1)));
  return (tf * (BM25_K1 + 1)) / (tf + norm);
}

function fieldScore(index: SearchIndex, doc: IndexedPassage, stems: Set<string>): number {
  let s = 0;
  for (const stem of stems) {
    const tf = doc.tf.get(stem);
    if (tf) s += idf(index, stem) * saturated(tf, doc.tokens.length, index.avgLength);
  }
  return s;
}

/** A whole page as one bag of stems. */
interface SourceText {
  tf: Map<string, number>;
  length: number;
}

/** The candidates' pages as bags of stems, and the average page length of the corpus. */
function sourceTexts(index: SearchIndex, passages: Passage[], wanted: Set<string>): { texts: Map<string, SourceText>; avgLength: number } {
  const bySource = passagesBySource(passages);
  const texts = new Map<string, SourceText>();
  for (const id of wanted) {
    const t: SourceText = { tf: new Map(), length: 0 };
    for (const i of bySource.get(id) ?? []) {
      for (const [stem, tf] of index.docs[i].tf) t.tf.set(stem, (t.tf.get(stem) ?? 0) + tf);
      t.length += index.docs[i].tokens.length;
    }
    texts.set(id, t);
  }
  return { texts, avgLength: (index.avgLength * index.docs.length) / Math.max(1, bySource.size) };
}

/** BM25 of a page as one document against the weighted query. */
function sourceScore(index: SearchIndex, text: SourceText, avgLength: number, query: ThemeQuery): number {
  let s = 0;
  for (const [stem, w] of query.terms) {
    const tf = text.tf.get(stem);
    if (tf) s += w * idf(index, stem) * saturated(tf, text.length, avgLength);
  }
  return s;
}

/** Share of the concepts whose stems are at least half present in a bag of stems. */
function conceptShare(concepts: string[][], has: (stem: string) => boolean): number {
  if (!concepts.length) return 0;
  return concepts.filter((c) => c.filter(has).length * 2 >= c.length).length / concepts.length;
}

/** The best query match among a passage's neighbours in its page (the one before and after). */
function neighbourScore(index: SearchIndex, passages: Passage[], i: number, query: ThemeQuery): number {
  let best = 0;
  for (const j of [i - 1, i + 1]) {
    if (j < 0 || j >= passages.length || passages[j].sourceId !== passages[i].sourceId) continue;
    best = Math.max(best, scorePassage(index, index.docs[j], j, query).bm25);
  }
  return best;
}

function fieldMass(index: SearchIndex, stems: Set<string>): number {
  let s = 0;
  for (const stem of stems) s += idf(index, stem) * saturated(1, index.avgLength, index.avgLength);
  return s || 1;
}

/**
 * Prepares a theme's features over a corpus.
 * @param ranked the BM25 ranking of the theme (best first)
 * @param candidates the passages that will be judged (their sources' leads and titles are read)
 * @param sources source id -> title
 */
export function themeFeatures(theme: Theme, query: ThemeQuery, index: SearchIndex, passages: Passage[], ranked: PassageScore[], candidates: PassageScore[], sources: Map<string, string>): ThemeFeatures {
  const fields = { keywords: new Set(theme.keywords.flatMap((k) => analyze(k))), title: new Set(analyze(theme.title)), description: new Set(analyze(theme.description)) };
  let queryMass = 0;
  for (const [stem, w] of query.terms) queryMass += w * idf(index, stem) * saturated(1, index.avgLength, index.avgLength);
  const concepts = [...theme.keywords.map((k) => analyze(k)).filter((c) => c.length), ...conceptsOf(theme.title), ...conceptsOf(theme.description)];
  // RM3: a term distribution from the best passages, each weighted by its share of their scores.
  const feedback = ranked.slice(0, FEEDBACK_PASSAGES);
  const total = feedback.reduce((a, s) => a + s.score, 0) || 1;
  const mass = new Map<string, number>();
  for (const s of feedback) {
    const doc = index.docs[s.index];
    for (const [stem, tf] of doc.tf) mass.set(stem, (mass.get(stem) ?? 0) + (s.score / total) * (tf / Math.max(1, doc.tokens.length)) * idf(index, stem));
  }
  const expansion = new Map([...mass].sort((a, b) => b[1] - a[1]).slice(0, EXPANSION_TERMS));
  // Leads and titles only of the candidates' sources: the rest of the corpus is never judged.
  const wanted = new Set(candidates.map((s) => passages[s.index].sourceId));
  const leads = new Map<string, Map<string, number>>();
  const titles = new Map<string, Set<string>>();
  const bySource = passagesBySource(passages);
  for (const id of wanted) {
    const title = analyze(sources.get(id) ?? '');
    titles.set(id, new Set(title));
    const lead = new Map<string, number>();
    for (const s of title) lead.set(s, (lead.get(s) ?? 0) + 1);
    const firstTwo = (bySource.get(id) ?? []).slice(0, 2);
    for (const i of firstTwo) for (const [s, tf] of index.docs[i].tf) lead.set(s, (lead.get(s) ?? 0) + tf);
    leads.set(id, lead);
  }
  const queryStems = new Set([...fields.keywords, ...fields.title, ...fields.description]);
  const mass0 = queryMass || 1;
  const themeEvidence = Math.min(1, (ranked[0]?.bm25 ?? 0) / mass0);
  const rankOf = new Map(ranked.slice(0, 200).map((s, i) => [s.index, i]));
  const pages = sourceTexts(index, passages, wanted);
  const sourceMatch = new Map<string, number>();
  for (const [id, text] of pages.texts) sourceMatch.set(id, sourceScore(index, text, pages.avgLength, query) / mass0);
  const neighbours = new Map(candidates.map((s) => [s.index, neighbourScore(index, passages, s.index, query) / mass0]));
  const ctx: ThemeFeatures = { fields, queryMass: mass0, concepts, expansion, bestExpansion: 1, leads, titles, queryStems, themeEvidence, rankOf, sourceMatch, neighbours };
  ctx.bestExpansion = Math.max(1e-9, ...ranked.slice(0, 50).map((s) => expansionScore(ctx, index, index.docs[s.index])));
  return ctx;
}

function expansionScore(ctx: ThemeFeatures, index: SearchIndex, doc: IndexedPassage): number {
  let s = 0;
  for (const [stem, w] of ctx.expansion) {
    const tf = doc.tf.get(stem);
    if (tf) s += w * saturated(tf, doc.tokens.length, index.avgLength);
  }
  return s;
}

/**
 * The feature vector of one ranked passage (FEATURES order), each roughly in [0, 1].
 * @param s the passage's BM25 score and matches
 */
export function passageFeatures(ctx: ThemeFeatures, index: SearchIndex, passages: Passage[], s: PassageScore): number[] {
  const doc = index.docs[s.index];
  const p = passages[s.index];
  const f = ctx.fields;
  const clip = (x: number) => Math.max(0, Math.min(1, x));
  const heading = new Set([...analyze(p.heading ?? ''), ...(ctx.titles.get(p.sourceId) ?? [])]);
  const queryStems = ctx.queryStems;
  let headingHits = 0;
  for (const stem of queryStems) if (heading.has(stem)) headingHits++;
  const informative = s.terms.filter((t) => (index.df.get(t.stem) ?? 0) < index.docs.length / 2).length;
  return [
    clip(s.bm25 / ctx.queryMass),
    clip(fieldScore(index, doc, f.keywords) / fieldMass(index, f.keywords)),
    clip(fieldScore(index, doc, f.title) / fieldMass(index, f.title)),
    clip(fieldScore(index, doc, f.description) / fieldMass(index, f.description)),
    Math.min(1, s.phrases.length / 2),
    conceptShare(ctx.concepts, (stem) => doc.tf.has(stem)),
    clip(expansionScore(ctx, index, doc) / ctx.bestExpansion),
    queryStems.size ? headingHits / queryStems.size : 0,
    cosine(doc.tf, ctx.leads.get(p.sourceId) ?? new Map()),
    Math.min(1, informative / INFORMATIVE_CAP),
    ctx.themeEvidence,
    1 / (1 + (ctx.rankOf.get(s.index) ?? 200) / 5),
    clip(ctx.sourceMatch.get(p.sourceId) ?? 0),
    clip(ctx.neighbours.get(s.index) ?? 0),
  ];
}
