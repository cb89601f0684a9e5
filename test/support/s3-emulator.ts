/**
 * An S3 emulator (s3rver 3.x) in this process, offline, on 127.0.0.1 and a free port, keeping its
 * objects in a temporary folder of its own that `stop` removes. Clients sign with
 * S3_EMULATOR_CREDENTIALS (s3rver checks signatures) and use path-style addressing:
 *
 *   const s3 = await startS3Emulator({ buckets: ['corpus'] });
 *   const objects = new S3Objects(config, { endpoint: s3.endpoint, credentials: S3_EMULATOR_CREDENTIALS });
 *   ...
 *   await s3.stop();
 */
import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** The only key pair s3rver accepts (not frozen: the AWS SDK tags the credentials object it is given). */
export const S3_EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Emulator {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** The temporary folder holding the objects (removed by `stop`). */
  directory: string;
  stop(): Promise<void>;
}

/** Starts the emulator with the given buckets created (empty). */
export async function startS3Emulator(opts: { buckets?: string[] } = {}): Promise<S3Emulator> {
  allowSingleDes();
  const directory = await mkdtemp(path.join(os.tmpdir(), 's3-emulator-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: (opts.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (err) {
    await rm(directory, { recursive: true, force: true });
    throw err;
  }
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory,
    stop: () =>
      (stopped ??= (async () => {
        try {
          await server.close();
        } finally {
          await rm(directory, { recursive: true, force: true });
        }
      })()),
  };
}

const PATCHED = Symbol.for('s3-emulator.single-des');

/**
 * s3rver makes ListObjectsV2 continuation tokens (any listing of more than 1000 keys) with
 * single DES, which OpenSSL 3 (Node >= 17) only has in its legacy provider: the request fails
 * with a 500. Triple DES with the key three times over computes the same cipher, so calls for
 * 'des' that would throw are answered with it. Calls for any other algorithm are untouched,
 * and nothing changes where 'des' works.
 */
function allowSingleDes(): void {
  const c = crypto as unknown as Record<PropertyKey, unknown>;
  if (c[PATCHED]) return;
  try {
    crypto.createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return;
  } catch {
    // unsupported here: patch below
  }
  const isDes = (algorithm: string, key: unknown) => /^des(-cbc)?$/i.test(algorithm) && Buffer.isBuffer(key) && key.length === 8;
  const createCipheriv = crypto.createCipheriv;
  const createDecipheriv = crypto.createDecipheriv;
  c.createCipheriv = (algorithm: string, key: Buffer, iv: Buffer, options?: never) =>
    isDes(algorithm, key) ? createCipheriv('des-ede3-cbc', Buffer.concat([key, key, key]), iv, options) : createCipheriv(algorithm, key, iv, options);
  c.createDecipheriv = (algorithm: string, key: Buffer, iv: Buffer, options?: never) =>
    isDes(algorithm, key) ? createDecipheriv('des-ede3-cbc', Buffer.concat([key, key, key]), iv, options) : createDecipheriv(algorithm, key, iv, options);
  c[PATCHED] = true;
}
