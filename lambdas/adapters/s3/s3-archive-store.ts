/** ArchiveStore in the archive bucket (served by CloudFront), with cache headers: pages and feeds for minutes. */
import { NotFoundError } from '../../errors.ts';
import { archiveContentType, type ArchiveStore } from '../../ports/archive-store.ts';
import { S3Objects } from './s3-objects.ts';

export class S3ArchiveStore implements ArchiveStore {
  constructor(private readonly objects: S3Objects, private readonly bucket: string) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.objects.put(this.bucket, key, body, contentType);
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string } | null> {
    try {
      return { body: await this.objects.get(this.bucket, key), contentType: archiveContentType(key) };
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }
}
