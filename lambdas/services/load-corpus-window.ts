/**
 * loadCorpusWindow: the corpus a build needs, read from the incremental index: only the
 * segments whose weeks reach the window's first day, assembled into one Corpus (copies
 * recorded on loaded originals, site furniture dropped).
 */
import { assembleCorpus } from '../domain/stream/segment-data.ts';
import { segmentReaches } from '../domain/stream/segments.ts';
import type { Corpus } from '../domain/types.ts';
import type { IndexStore } from '../ports/index-store.ts';
import { readManifestHead, readSegment } from './update-corpus-index.ts';

/** A loaded window, with what it took to load. */
export type WindowCorpus = Corpus & { loaded: { segments: number; of: number } };

/**
 * Loads the articles dated on or after `since` (YYYY-MM-DD; null: all).
 * @throws Error when the index has not been built, or a segment it names is missing
 */
export async function loadCorpusWindow(store: IndexStore, since: string | null): Promise<WindowCorpus> {
  // Only the manifest's head: a build's cost does not grow with the archive's file list.
  const manifest = await readManifestHead(store);
  if (!manifest) throw new Error("the corpus index has not been built; run 'newsletter ingest'");
  const wanted = [...manifest.segments].filter(([segment]) => segmentReaches(segment, since));
  const data = await Promise.all(wanted.map(([, files]) => readSegment(store, files.data)));
  const corpus = assembleCorpus(data, since);
  return Object.assign(corpus, { loaded: { segments: wanted.length, of: manifest.segments.size } });
}
