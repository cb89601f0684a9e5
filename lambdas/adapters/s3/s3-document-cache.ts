/** DocumentCache in the corpus bucket (`extracted/<key>.json`): filled per object by the extract Lambda, read by the index build. */
import type { DocumentResult } from '../../domain/text/ingest-document.ts';
import type { DocumentCache } from '../../ports/document-cache.ts';
import { S3Objects } from './s3-objects.ts';

export const EXTRACTED_PREFIX = 'extracted/';

export class S3DocumentCache implements DocumentCache {
  constructor(private readonly objects: S3Objects, private readonly bucket: string) {}

  async get(key: string): Promise<DocumentResult | null> {
    try {
      return JSON.parse((await this.objects.get(this.bucket, `${EXTRACTED_PREFIX}${key}.json`)).toString('utf8')) as DocumentResult;
    } catch {
      return null;
    }
  }

  async put(key: string, result: DocumentResult): Promise<void> {
    await this.objects.put(this.bucket, `${EXTRACTED_PREFIX}${key}.json`, JSON.stringify(result), 'application/json');
  }
}
