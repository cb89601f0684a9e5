/**
 * Wires corpus ingestion on this machine: the corpus folder, the extraction cache in the
 * data folder (keyed by content and by the ingesting code), and a worker pool when many
 * documents need extracting.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { FsCorpusReader } from '../adapters/fs/fs-corpus-reader.ts';
import { FsDocumentCache, ingestCodeFingerprint } from '../adapters/fs/fs-document-cache.ts';
import { WorkerPoolExtractor } from '../adapters/workers/worker-pool-extractor.ts';
import type { Corpus } from '../domain/types.ts';
import { ingestCorpus, type IngestOptions } from '../services/ingest-corpus.ts';

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

/** Ingests the local corpus folder with the cache and the worker pool. */
export function ingestLocalCorpus(config: Config): Promise<Corpus> {
  return ingestCorpus(new FsCorpusReader(config.corpusDir), localIngestOptions(config));
}
