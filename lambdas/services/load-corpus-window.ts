/**
 * loadCorpusWindow: the corpus a build needs, read from the incremental index: only the
 * segments whose weeks reach the window's first day, assembled into one Corpus (copies
 * recorded on loaded originals, site furniture dropped). A build may read while an ingest
 * writes (on AWS the ingest function runs beside the builds): a segment that went missing
 * because a newer manifest replaced it is read again from that manifest.
 */
import { assembleCorpus } from '../domain/stream/segment-data.ts';
import { segmentReaches } from '../domain/stream/segments.ts';
import type { Corpus } from '../domain/types.ts';
import { IndexSegmentMissingError } from '../errors.ts';
import type { IndexStore } from '../ports/index-store.ts';
import { readManifestHead, readSegment } from './update-corpus-index.ts';

/** A loaded window, with what it took to load. */
export type WindowCorpus = Corpus & { loaded: { segments: number; of: number } };

/** Reads of a window when ingests keep replacing the segments under it (each names a newer generation). */
const ATTEMPTS = 3;

/**
 * Loads the articles dated on or after `since` (YYYY-MM-DD; null: all).
 * @throws Error when the index has not been built
 * @throws IndexSegmentMissingError when a segment the current manifest names is missing
 */
export async function loadCorpusWindow(store: IndexStore, since: string | null): Promise<WindowCorpus> {
  // Only the manifest's head: a build's cost does not grow with the archive's file list.
  let manifest = await readManifestHead(store);
  for (let attempt = 1; ; attempt++) {
    if (!manifest) throw new Error("the corpus index has not been built; run 'newsletter ingest'");
    const wanted = [...manifest.segments].filter(([segment]) => segmentReaches(segment, since));
    try {
      const data = await Promise.all(wanted.map(([, files]) => readSegment(store, files.data)));
      const corpus = assembleCorpus(data, since);
      return Object.assign(corpus, { loaded: { segments: wanted.length, of: manifest.segments.size } });
    } catch (err) {
      if (!(err instanceof IndexSegmentMissingError) || attempt >= ATTEMPTS) throw err;
      // Only a newer manifest explains a missing segment; with the same one the index is damaged.
      const newer = await readManifestHead(store);
      if (newer?.generation === manifest.generation) throw err;
      manifest = newer;
    }
  }
}
