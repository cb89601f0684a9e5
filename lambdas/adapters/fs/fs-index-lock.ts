/**
 * The local index's lock: one process at a time updates and reads `<data>/index` (the preview
 * server, `newsletter ingest`, `digest` and `prune` may share a data folder). Without it, one
 * process could read a manifest whose segments another has just replaced. The lock is a
 * directory beside the index (proper-lockfile), refreshed while held; a holder that died stops
 * refreshing it, and after STALE_MS the next process takes it over. (Ctrl-C releases it at once.)
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { lock } from 'proper-lockfile';

/**
 * A holder that has not refreshed the lock for this long is taken to have died. Generous: a
 * first ingest of a large corpus can keep the event loop (and so the refresh) busy for seconds.
 */
const STALE_MS = 60_000;
/** Waiting for a live holder: tries again every 20-250 ms for as long as it holds the lock. */
const WAIT = { forever: true, factor: 1.5, minTimeout: 20, maxTimeout: 250 };

/**
 * Runs `task` while this process holds the data folder's index lock.
 * @param dataDir the data folder (created when missing)
 */
export async function withIndexLock<T>(dataDir: string, task: () => Promise<T>): Promise<T> {
  await mkdir(dataDir, { recursive: true });
  const index = path.join(dataDir, 'index');
  // A lost lock (its folder removed, or taken as stale during a very long pause) cannot undo
  // writes already made; the index's own write order keeps it whole, so nothing is thrown.
  const release = await lock(index, { realpath: false, lockfilePath: `${index}.lock`, stale: STALE_MS, retries: WAIT, onCompromised: () => undefined });
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}
