/** EditorialStore in the data folder: `<data>/editorial/<theme>.json`, written through a rename. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NO_CHOICES, type EditorialChoices, type EditorialStore } from '../../ports/editorial-store.ts';

export class FsEditorialStore implements EditorialStore {
  constructor(private readonly dir: string) {}

  private file(themeId: string): string {
    if (!/^[a-z0-9-]+$/.test(themeId)) throw new Error(`bad theme id '${themeId}'`);
    return path.join(this.dir, `${themeId}.json`);
  }

  async get(themeId: string): Promise<EditorialChoices> {
    try {
      const v = JSON.parse(await readFile(this.file(themeId), 'utf8')) as Partial<EditorialChoices>;
      return { pinned: v.pinned ?? [], excluded: v.excluded ?? [], note: v.note ?? null, updatedAt: v.updatedAt ?? null };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...NO_CHOICES };
      throw err;
    }
  }

  async put(themeId: string, choices: EditorialChoices): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file(themeId)}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(choices, null, 2));
    await rename(tmp, this.file(themeId));
  }
}
