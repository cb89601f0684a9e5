/**
 * CorpusWriter over a local folder: writes through a temporary file and a rename (a crash
 * never leaves half a page), and refuses any id that would leave the folder.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusWriter } from '../../ports/corpus-writer.ts';

export class FsCorpusWriter implements CorpusWriter {
  constructor(private readonly dir: string) {}

  private file(id: string): string {
    const root = path.resolve(this.dir);
    const full = path.resolve(root, ...id.split('/'));
    if (!full.startsWith(root + path.sep)) throw new Error(`corpus path '${id}' leaves the corpus folder`);
    return full;
  }

  async read(id: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.file(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(id: string, bytes: Uint8Array): Promise<void> {
    const full = this.file(id);
    await mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, full);
  }

  async remove(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
  }
}
