/** The IndexStore contract, run against the folder and memory adapters. */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsIndexStore } from '../../lambdas/adapters/fs/fs-index-store.ts';
import { MemoryIndexStore } from '../../lambdas/adapters/memory/memory-index-store.ts';
import type { IndexStore } from '../../lambdas/ports/index-store.ts';
import { indexStoreContract } from './index-store.contract.ts';

const adapters: [string, () => IndexStore][] = [
  ['memory', () => new MemoryIndexStore()],
  ['folder', () => new FsIndexStore(mkdtempSync(path.join(os.tmpdir(), 'index-store-')))],
];

describe.each(adapters)('IndexStore (%s)', (_name, make) => {
  indexStoreContract(make);
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
