/**
 * DocumentCache port: ingested documents by content key, so a re-ingest of unchanged files
 * does not extract them again. Adapters: FsDocumentCache (data folder), S3DocumentCache
 * (filled per object on AWS), none (always extract).
 */
import type { DocumentResult } from '../domain/text/ingest-document.ts';

export interface DocumentCache {
  /** The cached result for a key, or null. A damaged entry reads as null. */
  get(key: string): Promise<DocumentResult | null>;
  put(key: string, result: DocumentResult): Promise<void>;
}
