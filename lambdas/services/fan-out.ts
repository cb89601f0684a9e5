/** fanOut: pages the theme's active subscribers into batches on the send queue. */
import type { StoredIssue } from '../ports/issue-store.ts';
import type { SendingDeps } from './sending-deps.ts';

export const BATCH_SIZE = 50;

/** Queues every active subscriber of the issue's theme; returns how many. */
export async function fanOut(deps: Pick<SendingDeps, 'subscribers' | 'queue'>, issue: StoredIssue, batchSize = BATCH_SIZE): Promise<{ recipients: number; batches: number }> {
  let cursor: string | undefined;
  let recipients = 0;
  let batches = 0;
  do {
    const page = await deps.subscribers.listActive(issue.themeId, { cursor, limit: 1000 });
    const bodies = [];
    for (let i = 0; i < page.items.length; i += batchSize) bodies.push({ issueId: issue.id, recipients: page.items.slice(i, i + batchSize) });
    await deps.queue.sendMany(bodies);
    recipients += page.items.length;
    batches += bodies.length;
    cursor = page.cursor;
  } while (cursor);
  return { recipients, batches };
}
