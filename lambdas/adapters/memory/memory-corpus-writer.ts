/** CorpusWriter in memory (tests): files by id, with a count of writes. */
import type { CorpusWriter } from '../../ports/corpus-writer.ts';

export class MemoryCorpusWriter implements CorpusWriter {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;

  async read(id: string): Promise<Uint8Array | null> {
    return this.files.get(id) ?? null;
  }

  async write(id: string, bytes: Uint8Array, _contentType?: string): Promise<void> {
    this.writes++;
    this.files.set(id, bytes);
  }

  async remove(id: string): Promise<void> {
    this.files.delete(id);
  }
}
