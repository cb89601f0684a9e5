/**
 * IssueStore port: frozen issues, one per (theme, period) and edition, written once.
 * Owned by the sending issue.
 */
import type { Digest } from '../domain/types.ts';

export interface StoredIssue {
  /** `<theme>-<period>` for the first edition, `<theme>-<period>-e<N>` for later ones. */
  id: string;
  themeId: string;
  period: string;
  edition: number;
  createdAt: string;
  digest: Digest;
  subject: string;
  preheader: string;
  /** Compiled HTML with recipient placeholders still to fill. */
  html: string;
  text: string;
  /** The placeholders personalize() replaces with each reader's links. */
  placeholders: { unsubscribe: string; preferences: string };
  /** When the editor approved it (frozen by `newsletter approve`), if so. */
  approvedAt?: string;
  /** What the issue showed when it was frozen (see prepare-issue.ts). */
  fingerprint?: string;
  /** The theme's engagement tracking when it was built (opt-in; none by default). */
  tracking?: 'none' | 'opens' | 'clicks';
}

export interface IssueStore {
  get(id: string): Promise<StoredIssue | null>;
  /** Writes the issue only if no issue with this id exists; returns the stored one either way. */
  putIfAbsent(issue: StoredIssue): Promise<{ issue: StoredIssue; created: boolean }>;
  /** Issues of a theme, newest period first. */
  listByTheme(themeId: string): Promise<StoredIssue[]>;
  list(): Promise<StoredIssue[]>;
}
