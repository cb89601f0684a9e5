/** Reads and writes S3 objects (inbound mail, the corpus, the serialised index); S3 errors become AppErrors. */
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Config } from '../../config.ts';
import { NotFoundError } from '../../errors.ts';

/**
 * Where the client talks to, for a local S3 emulator: an endpoint (path-style addressing unless
 * `forcePathStyle` says otherwise) and, optionally, fixed credentials. Without it: AWS, with the
 * credentials of the environment.
 */
export interface S3ObjectsOptions {
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: S3ClientConfig['credentials'];
}

export class S3Objects {
  private readonly client: S3Client;

  constructor(config: Pick<Config, 'aws'>, opts: S3ObjectsOptions = {}) {
    const endpoint = opts.endpoint ?? config.aws.s3Endpoint ?? undefined;
    const forcePathStyle = opts.forcePathStyle ?? (endpoint ? true : undefined);
    this.client = new S3Client({
      region: config.aws.region,
      ...(endpoint ? { endpoint } : {}),
      ...(forcePathStyle !== undefined ? { forcePathStyle } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
    });
  }

  /** The object's bytes. */
  async get(bucket: string, key: string): Promise<Buffer> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await r.Body!.transformToByteArray());
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') throw new NotFoundError(`s3://${bucket}/${key}`);
      throw err;
    }
  }

  async put(bucket: string, key: string, body: Buffer | string, contentType = 'application/octet-stream'): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** Removes an object (S3 answers alike whether it was there or not). */
  async remove(bucket: string, key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }

  /** Keys and sizes under a prefix. */
  async list(bucket: string, prefix = ''): Promise<{ key: string; size: number; etag?: string }[]> {
    const out: { key: string; size: number; etag?: string }[] = [];
    let token: string | undefined;
    do {
      const r = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of r.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, ...(o.ETag ? { etag: o.ETag } : {}) });
      token = r.NextContinuationToken;
    } while (token);
    return out;
  }
}
