/**
 * IndexStore in a folder (`<data>/index/`): each write goes to a temporary file and is
 * renamed into place, and names may not leave the folder.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexStore } from '../../ports/index-store.ts';

const NAME = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)?$/;

export class FsIndexStore implements IndexStore {
  constructor(private readonly dir: string) {}

  private file(name: string): string {
    if (!NAME.test(name) || name.split('/').some((p) => p === '.' || p === '..')) throw new Error(`bad index file name '${name.slice(0, 40)}'`);
    return path.join(this.dir, ...name.split('/'));
  }

  async read(name: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.file(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async write(name: string, bytes: Uint8Array | string): Promise<void> {
    const full = this.file(name);
    await mkdir(path.dirname(full), { recursive: true });
    const tmp = `${full}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, full);
  }

  async remove(name: string): Promise<void> {
    await rm(this.file(name), { force: true });
  }

  async list(): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      let entries;
      try {
        entries = await readdir(path.join(this.dir, rel), { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(child);
        else if (!e.name.endsWith('.tmp')) out.push(child);
      }
    };
    await walk('');
    return out.sort();
  }
}
