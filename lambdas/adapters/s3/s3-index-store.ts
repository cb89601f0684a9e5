/**
 * IndexStore over a bucket prefix (`index/` of the corpus bucket): each file is one object,
 * and an S3 PUT replaces an object whole, so readers see the old file or the new one.
 */
import { NotFoundError } from '../../errors.ts';
import type { IndexStore } from '../../ports/index-store.ts';
import { S3Objects } from './s3-objects.ts';

export class S3IndexStore implements IndexStore {
  constructor(private readonly objects: S3Objects, private readonly bucket: string, private readonly prefix = 'index/') {}

  async read(name: string): Promise<Uint8Array | null> {
    try {
      return await this.objects.get(this.bucket, `${this.prefix}${name}`);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  async write(name: string, bytes: Uint8Array | string): Promise<void> {
    const type = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    await this.objects.put(this.bucket, `${this.prefix}${name}`, typeof bytes === 'string' ? bytes : Buffer.from(bytes), type);
  }

  async remove(name: string): Promise<void> {
    await this.objects.remove(this.bucket, `${this.prefix}${name}`);
  }

  async list(): Promise<string[]> {
    return (await this.objects.list(this.bucket, this.prefix)).map((o) => o.key.slice(this.prefix.length)).sort();
  }
}
