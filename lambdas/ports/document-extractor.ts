/**
 * DocumentExtractor port: runs ingestDocument over many files, in this thread or spread over
 * worker threads. Results come back in the order of the jobs.
 */
import type { DeclaredMeta } from '../domain/text/blocks.ts';
import type { DocumentResult } from '../domain/text/ingest-document.ts';

export interface ExtractJob {
  id: string;
  bytes: Uint8Array;
  sidecar?: DeclaredMeta;
  charset?: string | null;
}

export interface DocumentExtractor {
  extract(jobs: ExtractJob[]): Promise<DocumentResult[]>;
}
