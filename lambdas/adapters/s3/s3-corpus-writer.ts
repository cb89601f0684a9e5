/** CorpusWriter over the corpus bucket (keys under a prefix), used by the scheduled collect Lambda. */
import { NotFoundError } from '../../errors.ts';
import type { CorpusWriter } from '../../ports/corpus-writer.ts';
import { S3Objects } from './s3-objects.ts';

export class S3CorpusWriter implements CorpusWriter {
  constructor(private readonly objects: S3Objects, private readonly bucket: string, private readonly prefix = '') {}

  async read(id: string): Promise<Uint8Array | null> {
    try {
      return await this.objects.get(this.bucket, `${this.prefix}${id}`);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  async write(id: string, bytes: Uint8Array, contentType = 'application/octet-stream'): Promise<void> {
    await this.objects.put(this.bucket, `${this.prefix}${id}`, Buffer.from(bytes), contentType);
  }

  async remove(id: string): Promise<void> {
    await this.objects.remove(this.bucket, `${this.prefix}${id}`);
  }
}
