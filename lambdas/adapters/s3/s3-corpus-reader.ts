/** CorpusReader over an S3 prefix: the keys under it are the article files (ids relative to the prefix). */
import type { CorpusFile, CorpusReader } from '../../ports/corpus-reader.ts';
import { S3Objects } from './s3-objects.ts';

export class S3CorpusReader implements CorpusReader {
  constructor(private readonly objects: S3Objects, private readonly bucket: string, private readonly prefix: string) {}

  async list(): Promise<CorpusFile[]> {
    return (await this.objects.list(this.bucket, this.prefix))
      .filter((o) => !o.key.endsWith('/'))
      .filter((o) => !o.key.slice(this.prefix.length).split('/').some((part) => part.startsWith('.'))) // hidden state (.collect/) is not an article
      .map((o) => ({ id: o.key.slice(this.prefix.length), size: o.size, ...(o.etag ? { version: o.etag } : {}) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  read(id: string): Promise<Uint8Array> {
    return this.objects.get(this.bucket, `${this.prefix}${id}`);
  }
}
