/**
 * Corpus assembly: combines the ingested documents, drops short blocks that recur across
 * several sources (site furniture shared by pages), and merges near-duplicate passages.
 */
import type { Corpus, DroppedBlock, IngestWarning, Passage, Source } from '../types.ts';
import { dedupePassages } from './dedupe.ts';
import type { DocumentResult } from './ingest-document.ts';
import { comparableForm, wordCount } from './normalize.ts';

/** A short passage found in at least this many sources is site furniture, not article text. */
const FURNITURE_MIN_SOURCES = 3;
const FURNITURE_MAX_WORDS = 30;

/**
 * Builds the corpus from per-document results.
 * @param docs results of ingestDocument, any order
 */
export function buildCorpus(docs: DocumentResult[]): Corpus {
  const sources: Source[] = [];
  const dropped: DroppedBlock[] = [];
  const warnings: IngestWarning[] = [];
  let passages: Passage[] = [];
  for (const d of [...docs].sort((a, b) => (a.source?.id ?? '').localeCompare(b.source?.id ?? ''))) {
    warnings.push(...d.warnings);
    dropped.push(...d.dropped);
    if (!d.source) continue;
    sources.push(d.source);
    passages.push(...d.passages);
  }
  const furniture = dropFurniture(passages);
  dropped.push(...furniture.dropped);
  passages = furniture.kept;
  const deduped = dedupePassages(sources, passages);
  return { sources, passages: deduped.passages, dropped, warnings, merged: deduped.merged };
}

/**
 * Drops short passages found in several sources (site furniture shared by pages). A passage's
 * sources are its own and those of the copies merged into it.
 */
export function dropFurniture(passages: Passage[]): { kept: Passage[]; dropped: DroppedBlock[] } {
  const seenIn = new Map<string, Set<string>>();
  for (const p of passages) {
    if (wordCount(p.text) > FURNITURE_MAX_WORDS) continue;
    const key = comparableForm(p.text);
    let set = seenIn.get(key);
    if (!set) seenIn.set(key, (set = new Set()));
    set.add(p.sourceId);
    for (const d of p.duplicates) set.add(d.sourceId);
  }
  const dropped: DroppedBlock[] = [];
  const kept = passages.filter((p) => {
    const n = wordCount(p.text) > FURNITURE_MAX_WORDS ? 0 : (seenIn.get(comparableForm(p.text))?.size ?? 0);
    if (n < FURNITURE_MIN_SOURCES) return true;
    dropped.push({ sourceId: p.sourceId, text: p.text, reason: `repeated across ${n} documents (site furniture)` });
    return false;
  });
  return { kept, dropped };
}
