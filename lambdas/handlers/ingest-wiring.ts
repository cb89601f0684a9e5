/**
 * Wires corpus ingestion on this machine: the corpus folder, the incremental index and the
 * extraction cache in the data folder (keyed by content and by the ingesting code), and a
 * worker pool when many documents need extracting.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { FsCorpusReader } from '../adapters/fs/fs-corpus-reader.ts';
import { FsDocumentCache, ingestCodeFingerprint } from '../adapters/fs/fs-document-cache.ts';
import { WorkerPoolExtractor } from '../adapters/workers/worker-pool-extractor.ts';
import type { Corpus } from '../domain/types.ts';
import { FsIndexStore } from '../adapters/fs/fs-index-store.ts';
import { assertArticles, ingestCorpus, type IngestOptions } from '../services/ingest-corpus.ts';
import { loadCorpusWindow, type WindowCorpus } from '../services/load-corpus-window.ts';
import { updateCorpusIndex, type IndexUpdateOptions, type IndexUpdateReport } from '../services/update-corpus-index.ts';

/** Below this many documents to extract, worker start-up costs more than it saves. */
export const PARALLEL_MIN_DOCUMENTS = 40;

/** Ingest options for the local corpus folder. */
export function localIngestOptions(config: Config): IngestOptions {
  return {
    label: config.corpusDir,
    cache: new FsDocumentCache(path.join(config.dataDir, 'cache', 'documents')),
    codeFingerprint: ingestCodeFingerprint(),
    parallel: { extractor: new WorkerPoolExtractor(), minJobs: PARALLEL_MIN_DOCUMENTS },
  };
}

const running = new Map<string, Promise<unknown>>();

/** Runs index work of one data folder one after the other in this process (the preview loads windows at once); withIndexLock does the same across processes. */
async function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const before = running.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(task);
  running.set(key, mine);
  try {
    return await mine;
  } finally {
    if (running.get(key) === mine) running.delete(key);
  }
}

/** Options of a local index update: the ingest options, the clock's now, the ingesting code's fingerprint. */
export function localIndexUpdateOptions(config: Config): IndexUpdateOptions {
  return { ...localIngestOptions(config), now: config.clock.now(), fingerprint: ingestCodeFingerprint() };
}

/** The local incremental index (`<data>/index`). */
export function localIndexStore(config: Config): FsIndexStore {
  return new FsIndexStore(path.join(config.dataDir, 'index'));
}

/**
 * Brings the local index up to date with the corpus folder (only new, changed and removed
 * files cost work) and loads the articles dated on or after `since` (null: all).
 * @throws EmptyCorpusError when the corpus holds no usable article at all
 */
export async function ingestLocalCorpus(config: Config, since: string | null = null): Promise<WindowCorpus & { update: IndexUpdateReport }> {
  const store = localIndexStore(config);
  // The update and the load run under the data folder's lock: another process sharing the
  // folder can neither write the index meanwhile nor replace a segment this one is about to read.
  const updateAndLoad = async () => {
    const { manifest, report } = await updateCorpusIndex(new FsCorpusReader(config.corpusDir), store, localIndexUpdateOptions(config));
    return { manifest, report, corpus: await loadCorpusWindow(store, since) };
  };
  // Loaded here, not at the top: a Lambda bundle that wires this module never uses the local index.
  const { withIndexLock } = await import('../adapters/fs/fs-index-lock.ts');
  const { manifest, report, corpus } = await oneAtATime(config.dataDir, () => withIndexLock(config.dataDir, updateAndLoad));
  // Files that gave no article (unreadable, empty) are known to the manifest only.
  corpus.warnings.push(...[...manifest.entries.values()].flatMap((e) => (e.segment ? [] : (e.warnings ?? []))));
  if (![...manifest.entries.values()].some((e) => e.segment)) assertArticles(corpus, config.corpusDir);
  return Object.assign(corpus, { update: report });
}

/** Ingests the whole corpus folder in one pass, without the index (benchmarks' baseline). */
export function ingestWholeCorpus(config: Config): Promise<Corpus> {
  return ingestCorpus(new FsCorpusReader(config.corpusDir), localIngestOptions(config));
}
