/**
 * Domain types shared by ingestion, digest, rendering and sending: the shapes that flow
 * between the pure functions of lambdas/domain and the services. No logic here.
 */

import type { ThemeWindow } from './stream/window.ts';

/** Article formats the ingester understands. */
export type SourceFormat = 'txt' | 'md' | 'html';

/** One article of the corpus after ingestion. `id` is its path relative to the corpus folder. */
export interface Source {
  id: string;
  title: string;
  /** ISO date (YYYY-MM-DD) when known. */
  date: string | null;
  /** The address links use: the one fetched, or the page's canonical on the same registrable domain. */
  url: string | null;
  /** The page's canonical claim when it names another registrable domain (never linked). */
  canonical?: string | null;
  author: string | null;
  /** The site or publication (og:site_name, JSON-LD publisher, or the collector's sidecar). */
  site: string | null;
  format: SourceFormat;
  /** Notes / footnotes of the article, kept as citations (never as passages). */
  notes: string[];
  /** When the article was first seen (collect's fetchedAt, else its first ingest): its date when it has none. */
  firstSeen?: string | null;
  /** Held articles this one copies (source level), when the original is in another part of the index. */
  copyOf?: DuplicateRef[];
  /** Ids of sources whose passages were merged into this one's as near-duplicates. */
  duplicates: DuplicateRef[];
}

/** How a near-duplicate relates to the passage it was merged into. */
export type DuplicateKind = 'exact' | 'quote' | 'paraphrase';

/** A passage (or whole source) recognised as a near-duplicate of a kept one. */
export interface DuplicateRef {
  sourceId: string;
  passageId?: string;
  kind: DuplicateKind;
  /** Similarity in [0,1] of the measure that matched. */
  score: number;
}

/** A heading of the article, kept as structure rather than as a passage. */
export interface Heading {
  text: string;
  /** Index of the first paragraph under this heading. */
  beforeParagraph: number;
}

/** A cleaned block of prose: a paragraph or a window of 2-4 sentences of a long one. */
export interface Passage {
  /** `<sourceId>#p<paragraph>` or `<sourceId>#p<paragraph>w<window>`. */
  id: string;
  sourceId: string;
  paragraphIndex: number;
  windowIndex: number;
  /** Cleaned text exactly as a reader will see it. */
  text: string;
  /** The sentences of `text`, each an exact substring of it, in order. */
  sentences: string[];
  /** Nearest heading above the passage, if any. */
  heading: string | null;
  /** Footnote numbers that were glued to words in this passage, resolved to note text when known. */
  citations: string[];
  /** Duplicate group id when this passage has near-duplicates (kept passage and copies share it). */
  groupId?: string;
  /** Passages elsewhere that were merged into this one (only on kept passages). */
  duplicates: DuplicateRef[];
}

/** A block the cleaner removed, with the rule that removed it. */
export interface DroppedBlock {
  sourceId: string;
  text: string;
  reason: string;
}

/** A per-file problem that did not stop ingestion. */
export interface IngestWarning {
  sourceId: string;
  message: string;
}

/** The result of ingesting a corpus: what the digest ranks. */
export interface Corpus {
  sources: Source[];
  /** Kept passages only (near-duplicates removed, recorded on the kept passage). */
  passages: Passage[];
  dropped: DroppedBlock[];
  warnings: IngestWarning[];
  /** Passages removed as duplicates, with the passage they were merged into. */
  merged: { passage: Passage; into: string; kind: DuplicateKind; score: number }[];
}

/** A theme from themes.yaml. */
export interface Theme {
  id: string;
  title: string;
  description: string;
  keywords: string[];
  schedule?: string;
  timezone: string;
  maxExcerpts: number;
  /** Fewer relevant passages than this: "not enough material" (default 3). */
  minExcerpts?: number;
  /** At most this many excerpts from one source, unless fewer sources are relevant (default 2). */
  maxPerSource?: number;
  /** Scheduled sends go out only once the editor approved the period's issue. */
  requireApproval?: boolean;
  /** Publish sent issues on the public archive and its feeds (default true). */
  archive?: boolean;
  /** Opt-in engagement tracking (default none: no pixel, no rewritten link). */
  tracking?: 'none' | 'opens' | 'clicks';
  paused: boolean;
  /** Which articles an issue may quote: those dated inside this window before the issue (default: the schedule's period plus a day, or all). */
  window?: ThemeWindow;
}

/** Why an excerpt was chosen, shown in the preview. */
export interface ExcerptWhy {
  /** Query terms (stems shown as the surface word) that matched, with their BM25 contribution. */
  terms: { term: string; score: number }[];
  /** Multi-word keywords matched as phrases. */
  phrases: string[];
  bm25: number;
  /** Final score after phrase boosts and diversity. */
  score: number;
  /** Free-form notes (e.g. "original preferred over 2 copies"). */
  notes: string[];
  /** The relevance model's verdict: probability, the cut, and the features that decided (largest log-odds contributions). */
  relevance?: { probability: number; cut: number; features: { name: string; value: number; contribution: number }[] };
  /** The article's age in the theme's window and the mild order preference it gave (windowed themes only). */
  recency?: { ageDays: number; factor: number };
}

/** One excerpt of a digest, as in the DESIGN.md JSON contract. */
export interface Excerpt {
  id: string;
  text: string;
  sourceId: string;
  sourceTitle: string;
  sourceDate: string | null;
  sourceUrl: string | null;
  sourceAuthor?: string | null;
  sourceSite?: string | null;
  score: number;
  why: ExcerptWhy;
}

/** One verbatim summary sentence with its source. */
export interface SummarySentence {
  text: string;
  sourceId: string;
}

/** A digest: the pure, stateless selection for one theme (DESIGN.md contract). */
export interface Digest {
  theme: { id: string; title: string };
  /** "not-enough-material" when fewer relevant passages than the theme's minExcerpts were found (nothing is padded). */
  status?: 'ok' | 'not-enough-material';
  /** The editor's note (plain text, shown above the excerpts) and subject, when set. */
  editorial?: { note: string | null; subject: string | null };
  generatedAt: string;
  /** The theme's time window, when it has one: its first day, its length and the articles dated inside it. */
  window?: { from: string; days: number; articles: number };
  summary: { sentences: SummarySentence[] };
  excerpts: Excerpt[];
  sources: { id: string; title: string; date: string | null; url: string | null; canonical?: string | null; author?: string | null; site?: string | null; duplicates: DuplicateRef[] }[];
}
