/** ArchiveStore in the data folder (`<data>/archive/<key>`), written through a rename; keys that would leave it are refused. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { archiveContentType, type ArchiveStore } from '../../ports/archive-store.ts';

export class FsArchiveStore implements ArchiveStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string | null {
    if (!/^[a-z0-9_][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/.test(key) || key.includes('..')) return null;
    const root = path.resolve(this.dir);
    const full = path.resolve(root, ...key.split('/'));
    return full.startsWith(root + path.sep) ? full : null;
  }

  async put(key: string, body: string): Promise<void> {
    const file = this.file(key);
    if (!file) throw new Error(`bad archive key '${key}'`);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, body);
    await rename(tmp, file);
  }

  async get(key: string): Promise<{ body: Buffer; contentType: string } | null> {
    const file = this.file(key);
    if (!file) return null;
    try {
      return { body: await readFile(file), contentType: archiveContentType(key) };
    } catch {
      return null;
    }
  }
}
