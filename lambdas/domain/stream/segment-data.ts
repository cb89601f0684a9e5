/**
 * Segment data and the corpus a build sees. A segment holds, for the articles of one day,
 * their sources, kept passages, the passages merged as copies (with the passage they copy,
 * which may sit in an older segment), blocks dropped and warnings. Loading the segments a
 * window reaches gives back a Corpus: copies of loaded originals are recorded on them again,
 * copies of originals outside the window stay out, and short blocks repeated across sources
 * are dropped as site furniture, as a whole-corpus ingest does.
 */
import { dropFurniture } from '../text/build-corpus.ts';
import type { Corpus, DroppedBlock, DuplicateKind, IngestWarning, Passage, Source } from '../types.ts';
import { articleDay } from './article-date.ts';

/** One merged (copied) passage: the copy and the id of the passage it was merged into. */
export interface MergedPassage {
  passage: Passage;
  into: string;
  kind: DuplicateKind;
  score: number;
}

export interface SegmentData {
  sources: Source[];
  passages: Passage[];
  merged: MergedPassage[];
  dropped: DroppedBlock[];
  warnings: IngestWarning[];
}

export const emptySegment = (): SegmentData => ({ sources: [], passages: [], merged: [], dropped: [], warnings: [] });

/** A passage as stored: its sentences as [start, end] offsets into its text, not a second copy of it. */
type StoredPassage = Omit<Passage, 'sentences'> & { sentenceSpans: [number, number][] };

function storePassage(p: Passage): StoredPassage {
  const { sentences, ...rest } = p;
  let from = 0;
  const sentenceSpans = sentences.map((s): [number, number] => {
    const start = p.text.indexOf(s, from);
    from = start + s.length;
    return [start, from];
  });
  return { ...rest, sentenceSpans };
}

function loadPassage(p: StoredPassage): Passage {
  const { sentenceSpans, ...rest } = p;
  return { ...rest, sentences: sentenceSpans.map(([a, b]) => p.text.slice(a, b)) };
}

/** Serialises a segment (JSON; passages keep sentence offsets instead of repeating their text). */
export function encodeSegment(seg: SegmentData): string {
  return JSON.stringify({ ...seg, passages: seg.passages.map(storePassage), merged: seg.merged.map((m) => ({ ...m, passage: storePassage(m.passage) })) });
}

/** Reads a serialised segment. @throws SyntaxError when it is not one */
export function decodeSegment(text: string): SegmentData {
  const raw = JSON.parse(text) as Omit<SegmentData, 'passages' | 'merged'> & { passages: StoredPassage[]; merged: (Omit<MergedPassage, 'passage'> & { passage: StoredPassage })[] };
  return { ...raw, passages: raw.passages.map(loadPassage), merged: raw.merged.map((m) => ({ ...m, passage: loadPassage(m.passage) })) };
}

/** The segment without the given sources (a file removed or changed). */
export function withoutSources(seg: SegmentData, ids: ReadonlySet<string>): SegmentData {
  const keep = (x: { sourceId: string }) => !ids.has(x.sourceId);
  return {
    sources: seg.sources.filter((s) => !ids.has(s.id)),
    passages: seg.passages.filter(keep),
    merged: seg.merged.filter((m) => keep(m.passage)),
    dropped: seg.dropped.filter(keep),
    warnings: seg.warnings.filter(keep),
  };
}

/** Records a copy on its original (once). */
function recordCopy(into: Passage, m: MergedPassage): void {
  into.groupId ??= `g:${into.id}`;
  m.passage.groupId = into.groupId;
  if (!into.duplicates.some((d) => d.passageId === m.passage.id)) into.duplicates.push({ sourceId: m.passage.sourceId, passageId: m.passage.id, kind: m.kind, score: Math.round(m.score * 1000) / 1000 });
}

/**
 * The corpus of the loaded segments, limited to articles whose day is on or after `since`
 * (null: all of them).
 */
export function assembleCorpus(segments: SegmentData[], since: string | null): Corpus {
  const inWindow = (s: Source) => since === null || (articleDay(s) ?? '') >= since;
  const sources = segments.flatMap((s) => s.sources).filter(inWindow).sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set(sources.map((s) => s.id));
  const mine = (x: { sourceId: string }) => ids.has(x.sourceId);
  const passages = segments.flatMap((s) => s.passages).filter(mine);
  const merged = segments.flatMap((s) => s.merged).filter((m) => mine(m.passage));
  const byId = new Map(passages.map((p) => [p.id, p]));
  for (const m of merged) {
    const into = byId.get(m.into);
    if (into) recordCopy(into, m);
  }
  const sourceById = new Map(sources.map((s) => [s.id, s]));
  for (const copy of sources) {
    for (const ref of copy.copyOf ?? []) {
      const original = sourceById.get(ref.sourceId);
      if (original && !original.duplicates.some((d) => d.sourceId === copy.id)) original.duplicates.push({ sourceId: copy.id, kind: ref.kind, score: ref.score });
    }
  }
  const dropped = segments.flatMap((s) => s.dropped).filter(mine);
  const furniture = dropFurniture(passages);
  return { sources, passages: furniture.kept, dropped: [...dropped, ...furniture.dropped], warnings: segments.flatMap((s) => s.warnings).filter(mine), merged };
}
