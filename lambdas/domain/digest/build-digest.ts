/**
 * buildDigest: the pure, stateless selection for one theme. Ranks the corpus's passages
 * with BM25 against the theme, applies the relevance cut and MMR diversity, explains each
 * excerpt (`why`), and adds the verbatim summary and the sources it quotes.
 */
import type { Corpus, Digest, DuplicateRef, Excerpt, Passage, Theme } from '../types.ts';
import { wordCount } from '../text/normalize.ts';
import { buildQuery } from './query.ts';
import { rankPassages, type PassageScore } from './rank.ts';
import { buildSearchIndex, type SearchIndex } from './search-index.ts';
import { MIN_EXCERPT_WORDS, selectExcerpts } from './select.ts';
import { summarizeForTheme } from './summary.ts';

export interface DigestOptions {
  maxExcerpts?: number;
  now: Date;
  /** Passages already sent in earlier issues of the theme (history); their groups are left out too. */
  excludePassageIds?: Set<string>;
  /** A prebuilt index of corpus.passages (same order); built on the fly when absent. */
  index?: SearchIndex;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function excerptOf(p: Passage, s: PassageScore, corpus: Corpus): Excerpt {
  const source = corpus.sources.find((x) => x.id === p.sourceId);
  const notes: string[] = [];
  if (p.duplicates.length) notes.push(`original kept; ${p.duplicates.length} copy(ies) merged from ${[...new Set(p.duplicates.map((d) => d.sourceId))].join(', ')}`);
  if (p.heading) notes.push(`under heading "${p.heading}"`);
  return {
    id: p.id,
    text: p.text,
    sourceId: p.sourceId,
    sourceTitle: source?.title ?? p.sourceId,
    sourceDate: source?.date ?? null,
    sourceUrl: source?.url ?? null,
    sourceAuthor: source?.author ?? null,
    sourceSite: source?.site ?? null,
    score: round(s.score),
    why: {
      terms: s.terms.map((t) => ({ term: t.word, score: round(t.score) })),
      phrases: s.phrases,
      bm25: round(s.bm25),
      score: round(s.score),
      notes,
    },
  };
}

/**
 * Builds the digest of a theme.
 * @param corpus ingested, deduplicated corpus
 * @param theme the theme
 * @param opts maxExcerpts (default theme.maxExcerpts), now, history to leave out
 */
export function buildDigest(corpus: Corpus, theme: Theme, opts: DigestOptions): Digest {
  const index = opts.index ?? buildSearchIndex(corpus.passages);
  const query = buildQuery(theme);
  const excluded = opts.excludePassageIds ?? new Set<string>();
  const excludedGroups = new Set(excluded.size ? corpus.passages.filter((p) => excluded.has(p.id) && p.groupId).map((p) => p.groupId as string) : []);
  const eligible = (p: Passage) => !excluded.has(p.id) && !(p.groupId && excludedGroups.has(p.groupId)) && wordCount(p.text) >= MIN_EXCERPT_WORDS;
  const ranked = rankPassages(index, query);
  const { chosen } = selectExcerpts(ranked, corpus.passages, index, opts.maxExcerpts ?? theme.maxExcerpts, eligible);
  const excerpts = chosen.map((s) => excerptOf(corpus.passages[s.index], s, corpus));
  const summary = summarizeForTheme(chosen.map((s) => corpus.passages[s.index]), theme);
  const sourceIds = [...new Set([...excerpts.map((e) => e.sourceId), ...summary.map((s) => s.sourceId)])];
  const sources = sourceIds.map((id) => {
    const src = corpus.sources.find((s) => s.id === id);
    const dups = new Map<string, DuplicateRef>();
    for (const d of src?.duplicates ?? []) dups.set(`${d.sourceId}`, d);
    for (const e of chosen.map((s) => corpus.passages[s.index]).filter((p) => p.sourceId === id)) {
      for (const d of e.duplicates) if (!dups.has(d.sourceId)) dups.set(d.sourceId, { sourceId: d.sourceId, kind: d.kind, score: d.score });
    }
    return { id, title: src?.title ?? id, date: src?.date ?? null, url: src?.url ?? null, author: src?.author ?? null, site: src?.site ?? null, duplicates: [...dups.values()] };
  });
  return {
    theme: { id: theme.id, title: theme.title },
    generatedAt: opts.now.toISOString(),
    summary: { sentences: summary },
    excerpts,
    sources,
  };
}
