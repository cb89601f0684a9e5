/** IssueStore on the local data folder: one JSON file per issue, created exclusively (flag 'wx') so the first build wins. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IssueStore, StoredIssue } from '../../ports/issue-store.ts';

export class FsIssueStore implements IssueStore {
  constructor(private readonly dir: string) {}

  private file(id: string): string {
    if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`bad issue id '${id}'`);
    return path.join(this.dir, `${id}.json`);
  }

  async get(id: string): Promise<StoredIssue | null> {
    try {
      return JSON.parse(await readFile(this.file(id), 'utf8')) as StoredIssue;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async putIfAbsent(issue: StoredIssue): Promise<{ issue: StoredIssue; created: boolean }> {
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(this.file(issue.id), JSON.stringify(issue), { flag: 'wx' });
      return { issue, created: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return { issue: (await this.get(issue.id))!, created: false };
    }
  }

  async listByTheme(themeId: string): Promise<StoredIssue[]> {
    return (await this.list()).filter((i) => i.themeId === themeId);
  }

  async list(): Promise<StoredIssue[]> {
    let files: string[] = [];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json'));
    } catch {
      return [];
    }
    const issues = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(this.dir, f), 'utf8')) as StoredIssue));
    return issues.sort((a, b) => b.period.localeCompare(a.period) || b.edition - a.edition);
  }
}
