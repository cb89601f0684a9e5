/** What the sending services need: issue store, ledger, queue, subscribers, suppression, mailer, clock, config. */
import type { Config } from '../config.ts';
import type { Corpus, Theme } from '../domain/types.ts';
import type { SearchIndex } from '../domain/digest/search-index.ts';
import type { ArchiveStore } from '../ports/archive-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { EngagementStore } from '../ports/engagement-store.ts';
import type { EditorialStore } from '../ports/editorial-store.ts';
import type { IssueStore } from '../ports/issue-store.ts';
import type { Mailer } from '../ports/mailer.ts';
import type { Queue } from '../ports/queue.ts';
import type { SendLedger } from '../ports/send-ledger.ts';
import type { SubscriberStore } from '../ports/subscriber-store.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';

/** One queue message: a batch of recipients of one issue. */
export interface SendBatchMessage {
  issueId: string;
  recipients: string[];
  /** A test send to an editor: no subscription check, its own ledger id. */
  test?: { ledgerId: string };
  /** How many times these recipients were sent back for a retry (0 on the first try). */
  retry?: number;
}

export interface SendingDeps {
  issues: IssueStore;
  ledger: SendLedger;
  queue: Queue<SendBatchMessage>;
  subscribers: SubscriberStore;
  suppression: SuppressionList;
  mailer: Mailer;
  clock: Clock;
  config: Config;
  themes: Theme[];
  /** Per-issue delivery, bounce, complaint and (opt-in) open/click counts from SES events. */
  engagement?: EngagementStore;
  /** The public archive of sent issues (published by real sends only). */
  archive?: ArchiveStore;
  /** The editor's pins, exclusions and notes per theme. */
  editorial?: EditorialStore;
  /**
   * The corpus to build issues from (ingested, or loaded from the serialised index): at least
   * the articles dated on or after `since` (YYYY-MM-DD; null or absent: all).
   */
  corpus: (since?: string | null) => Promise<{ corpus: Corpus; index?: SearchIndex }>;
  /** Waits (injectable so tests do not sleep). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}
