/** IndexStore in memory, for tests; `failWritesAfter` makes writes fail, to play a crash mid-ingest. */
import type { IndexStore } from '../../ports/index-store.ts';

export class MemoryIndexStore implements IndexStore {
  readonly files = new Map<string, Uint8Array>();
  /** After this many more writes, every write throws (null: never). */
  failWritesAfter: number | null = null;

  async read(name: string): Promise<Uint8Array | null> {
    return this.files.get(name) ?? null;
  }

  async write(name: string, bytes: Uint8Array | string): Promise<void> {
    if (this.failWritesAfter !== null && this.failWritesAfter-- <= 0) throw new Error('disk full (test)');
    this.files.set(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Uint8Array.from(bytes));
  }

  async remove(name: string): Promise<void> {
    this.files.delete(name);
  }

  async list(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }
}
