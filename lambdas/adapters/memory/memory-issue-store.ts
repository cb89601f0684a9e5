/** In-memory IssueStore: put-if-absent on a Map. */
import type { IssueStore, StoredIssue } from '../../ports/issue-store.ts';

export class MemoryIssueStore implements IssueStore {
  private readonly issues = new Map<string, StoredIssue>();

  async get(id: string): Promise<StoredIssue | null> {
    return this.issues.get(id) ?? null;
  }

  async putIfAbsent(issue: StoredIssue): Promise<{ issue: StoredIssue; created: boolean }> {
    const existing = this.issues.get(issue.id);
    if (existing) return { issue: existing, created: false };
    this.issues.set(issue.id, issue);
    return { issue, created: true };
  }

  async listByTheme(themeId: string): Promise<StoredIssue[]> {
    return (await this.list()).filter((i) => i.themeId === themeId);
  }

  async list(): Promise<StoredIssue[]> {
    return [...this.issues.values()].sort((a, b) => b.period.localeCompare(a.period) || b.edition - a.edition);
  }
}
