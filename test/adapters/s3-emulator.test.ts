/**
 * The S3 adapters against an S3 emulator (s3rver, in this process on 127.0.0.1): S3Objects,
 * the IndexStore contract (as test/adapters/index-store.test.ts runs it on the folder and
 * memory adapters) for S3IndexStore, and S3CorpusReader's versions from ETags.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3CorpusReader } from '../../lambdas/adapters/s3/s3-corpus-reader.ts';
import { S3IndexStore } from '../../lambdas/adapters/s3/s3-index-store.ts';
import { S3Objects } from '../../lambdas/adapters/s3/s3-objects.ts';
import type { Config } from '../../lambdas/config.ts';
import { NotFoundError } from '../../lambdas/errors.ts';
import { indexStoreContract } from './index-store.contract.ts';
import { S3_EMULATOR_CREDENTIALS, startS3Emulator, type S3Emulator } from '../support/s3-emulator.ts';

const config = { aws: { region: 'eu-west-2' } } as Pick<Config, 'aws'>;
let emulator: S3Emulator;
let objects: S3Objects;
let n = 0;
/** A fresh prefix per test, so tests sharing a bucket never see each other's objects. */
const prefix = (name: string) => `t${++n}-${name}/`;

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: ['objects', 'corpus'] });
  objects = new S3Objects(config, { endpoint: emulator.endpoint, credentials: S3_EMULATOR_CREDENTIALS });
});

afterAll(async () => {
  await emulator?.stop();
});

describe('S3 emulator', () => {
  it('listens on 127.0.0.1 and has created the buckets it was given, and only those', async () => {
    // Assess
    expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await objects.list('objects')).toEqual([]);
    expect(await objects.list('corpus')).toEqual([]);
    await expect(objects.list('not-created')).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('stops: its port closes and its folder is removed', async () => {
    // Prepare
    const other = await startS3Emulator({ buckets: ['b'] });
    try {
      const client = new S3Objects(config, { endpoint: other.endpoint, credentials: S3_EMULATOR_CREDENTIALS });
      await client.put('b', 'k', 'v');
      expect(existsSync(other.directory)).toBe(true);
    } finally {
      // Act
      await other.stop();
    }
    await other.stop(); // a second stop is harmless
    // Assess
    expect(existsSync(other.directory)).toBe(false);
    await expect(fetch(other.endpoint)).rejects.toThrow();
  });
});

describe('S3Objects (emulator)', () => {
  it('puts, gets, lists with ETags and sizes, and removes objects', async () => {
    // Prepare
    const p = prefix('objects');
    // Act
    await objects.put('objects', `${p}a.txt`, 'hello', 'text/plain');
    await objects.put('objects', `${p}sub/b.bin`, Buffer.from([0, 1, 2, 255]));
    await objects.put('objects', 'elsewhere.txt', 'not under the prefix');
    // Assess
    expect((await objects.get('objects', `${p}a.txt`)).toString('utf8')).toBe('hello');
    expect([...(await objects.get('objects', `${p}sub/b.bin`))]).toEqual([0, 1, 2, 255]);
    const listed = await objects.list('objects', p);
    expect(listed.map(({ key, size }) => ({ key, size }))).toEqual([
      { key: `${p}a.txt`, size: 5 },
      { key: `${p}sub/b.bin`, size: 4 },
    ]);
    expect(listed.every((o) => typeof o.etag === 'string' && o.etag.length > 0)).toBe(true);
    expect(listed[0].etag).not.toBe(listed[1].etag);
    await objects.remove('objects', `${p}a.txt`);
    await objects.remove('objects', `${p}never-there.txt`); // S3 answers alike
    expect((await objects.list('objects', p)).map((o) => o.key)).toEqual([`${p}sub/b.bin`]);
  });

  it('lists past one page (ListObjectsV2 continuation)', async () => {
    // Prepare
    const p = prefix('many');
    const keys = Array.from({ length: 1005 }, (_, i) => `${p}${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => objects.put('objects', k, 'x')));
    // Act
    const listed = await objects.list('objects', p);
    // Assess
    expect(listed.map((o) => o.key)).toEqual(keys);
  });

  it('raises NotFoundError for a missing key', async () => {
    // Act
    const err = await objects.get('objects', `${prefix('missing')}nothing.txt`).catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).httpStatus).toBe(404);
    expect((err as NotFoundError).message).toMatch(/^s3:\/\/objects\/.*nothing\.txt not found$/);
  });
});

describe('IndexStore (S3, emulator)', () => {
  indexStoreContract(() => new S3IndexStore(objects, 'corpus', prefix('index')));

  it('uses index/ of the bucket by default', async () => {
    // Prepare
    const store = new S3IndexStore(objects, 'objects');
    // Act
    await store.write('manifest.json', '{}');
    // Assess
    expect((await objects.list('objects', 'index/')).map((o) => o.key)).toEqual(['index/manifest.json']);
    await store.remove('manifest.json');
  });
});

describe('S3CorpusReader (emulator)', () => {
  it('lists articles sorted by id with their ETag as version, skipping hidden state and folder markers', async () => {
    // Prepare
    const p = prefix('corpus');
    await objects.put('corpus', `${p}b.md`, '# B');
    await objects.put('corpus', `${p}a/one.txt`, 'one');
    await objects.put('corpus', `${p}.collect/state.json`, '{}');
    await objects.put('corpus', `${p}folder/`, Buffer.alloc(0));
    const reader = new S3CorpusReader(objects, 'corpus', p);
    // Act
    const files = await reader.list();
    // Assess
    expect(files.map(({ id, size }) => ({ id, size }))).toEqual([
      { id: 'a/one.txt', size: 3 },
      { id: 'b.md', size: 3 },
    ]);
    expect(files.every((f) => typeof f.version === 'string' && f.version.length > 0)).toBe(true);
    expect(Buffer.from(await reader.read('a/one.txt')).toString()).toBe('one');
  });

  it('gives a new version when an object is overwritten with different bytes, the same one for the same bytes', async () => {
    // Prepare
    const p = prefix('versions');
    const reader = new S3CorpusReader(objects, 'corpus', p);
    await objects.put('corpus', `${p}article.txt`, 'first text');
    const [before] = await reader.list();
    // Act
    await objects.put('corpus', `${p}article.txt`, 'first text');
    const [same] = await reader.list();
    await objects.put('corpus', `${p}article.txt`, 'other text');
    const [after] = await reader.list();
    // Assess
    expect(same.version).toBe(before.version);
    expect(after.version).not.toBe(before.version);
    expect(after.size).toBe(before.size); // same size: only the ETag tells the change
    expect(Buffer.from(await reader.read('article.txt')).toString()).toBe('other text');
  });
});
