/**
 * Corpus reader over a local folder: lists article files recursively (hidden files and
 * folders skipped) and reads their bytes.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusFile, CorpusReader } from '../../ports/corpus-reader.ts';
import { EmptyCorpusError } from '../../errors.ts';

export class FsCorpusReader implements CorpusReader {
  constructor(private readonly dir: string) {}

  /** Every non-hidden file under the folder, sorted by relative path. */
  async list(): Promise<CorpusFile[]> {
    let info;
    try {
      info = await stat(this.dir);
    } catch {
      throw new EmptyCorpusError(this.dir, 'folder not found');
    }
    if (!info.isDirectory()) throw new EmptyCorpusError(this.dir, 'not a folder');
    const out: CorpusFile[] = [];
    const walk = async (rel: string) => {
      const entries = await readdir(path.join(this.dir, rel), { withFileTypes: true });
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(child);
        else if (e.isFile()) {
          const st = await stat(path.join(this.dir, child));
          out.push({ id: child, size: st.size, version: `${st.size}:${Math.round(st.mtimeMs)}` });
        }
      }
    };
    await walk('');
    return out.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The file's bytes. */
  async read(id: string): Promise<Uint8Array> {
    return readFile(path.join(this.dir, ...id.split('/')));
  }
}
