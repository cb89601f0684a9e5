/**
 * The IndexStore contract, written once and run against every adapter: the folder and memory
 * ones (index-store.test.ts) and S3 on the emulator (s3-emulator.test.ts).
 */
import { expect, it } from 'vitest';
import type { IndexStore } from '../../lambdas/ports/index-store.ts';

/** Declares the contract's tests for stores made by `make` (a fresh, empty store each call). */
export function indexStoreContract(make: () => IndexStore): void {
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
}
