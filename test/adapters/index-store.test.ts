/** The IndexStore contract, run against the folder and memory adapters. */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsIndexStore } from '../../lambdas/adapters/fs/fs-index-store.ts';
import { MemoryIndexStore } from '../../lambdas/adapters/memory/memory-index-store.ts';
import type { IndexStore } from '../../lambdas/ports/index-store.ts';

const adapters: [string, () => IndexStore][] = [
  ['memory', () => new MemoryIndexStore()],
  ['folder', () => new FsIndexStore(mkdtempSync(path.join(os.tmpdir(), 'index-store-')))],
];

describe.each(adapters)('IndexStore (%s)', (_name, make) => {
  it('writes, replaces, lists and removes files by name', async () => {
    // Prepare
    const store = make();
    // Act
    await store.write('manifest.json', '{"a":1}');
    await store.write('segments/2026-W01.g1.json', new Uint8Array([1, 2, 3]));
    await store.write('manifest.json', '{"a":2}');
    // Assess
    expect(Buffer.from((await store.read('manifest.json'))!).toString()).toBe('{"a":2}');
    expect([...(await store.read('segments/2026-W01.g1.json'))!]).toEqual([1, 2, 3]);
    expect(await store.list()).toEqual(['manifest.json', 'segments/2026-W01.g1.json']);
    await store.remove('segments/2026-W01.g1.json');
    await store.remove('never-there.json');
    expect(await store.read('segments/2026-W01.g1.json')).toBeNull();
    expect(await store.list()).toEqual(['manifest.json']);
  });
});

describe('FsIndexStore', () => {
  it('refuses names that would leave its folder, and leaves no temporary file behind', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'index-store-'));
    const store = new FsIndexStore(dir);
    // Act
    const attempts = await Promise.all(['../x.json', 'a/../../x', '/etc/passwd', 'a/b/c.json', ''].map((n) => store.write(n, 'x').then(() => 'written', (e: Error) => e.message)));
    await store.write('ok.json', 'x');
    // Assess
    expect(attempts.every((a) => a.startsWith('bad index file name'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['ok.json']);
  });
});
