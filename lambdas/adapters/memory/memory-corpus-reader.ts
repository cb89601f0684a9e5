/**
 * CorpusReader over files held in memory (tests, benchmarks). Each `set` bumps the file's
 * revision, which is its version, as a modification time is on disk.
 */
import type { CorpusFile, CorpusReader } from '../../ports/corpus-reader.ts';

export class MemoryCorpusReader implements CorpusReader {
  readonly files = new Map<string, Uint8Array>();
  private readonly revisions = new Map<string, number>();
  private revision = 0;

  constructor(initial: Iterable<[string, string | Uint8Array]> = []) {
    for (const [id, content] of initial) this.set(id, content);
  }

  /** Adds or replaces a file. */
  set(id: string, content: string | Uint8Array): void {
    this.files.set(id, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    this.revisions.set(id, ++this.revision);
  }

  delete(id: string): void {
    this.files.delete(id);
    this.revisions.delete(id);
  }

  async list(): Promise<CorpusFile[]> {
    return [...this.files].map(([id, b]) => ({ id, size: b.byteLength, version: `${b.byteLength}:r${this.revisions.get(id)}` })).sort((a, b) => a.id.localeCompare(b.id));
  }

  async read(id: string): Promise<Uint8Array> {
    const b = this.files.get(id);
    if (!b) throw Object.assign(new Error(`no file ${id}`), { code: 'ENOENT' });
    return b;
  }
}
