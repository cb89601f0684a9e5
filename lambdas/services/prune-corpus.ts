/**
 * pruneCorpus: retention. Brings the index up to date, then removes every article whose day
 * (its date, else when it was first seen) is before the cut-off from the corpus (with its
 * sidecar) and from the index. Issues already sent keep their text: archived pages and frozen
 * issues hold the quotes themselves, not references into the corpus. A dry run changes nothing.
 */
import { SIDECAR_SUFFIX } from '../domain/text/sidecar.ts';
import type { CorpusReader } from '../ports/corpus-reader.ts';
import type { CorpusWriter } from '../ports/corpus-writer.ts';
import type { IndexStore } from '../ports/index-store.ts';
import { updateCorpusIndex, type IndexUpdateOptions } from './update-corpus-index.ts';

export interface PruneReport {
  /** Articles dated before this day were removed (or would be, in a dry run). */
  before: string;
  dryRun: boolean;
  removed: { id: string; day: string | null }[];
  kept: number;
}

/**
 * Removes articles older than `olderThanMs` before `opts.now`.
 * @param corpus the corpus as read (for the index) and as written (to remove files)
 */
export async function pruneCorpus(corpus: { reader: CorpusReader; writer: CorpusWriter }, store: IndexStore, olderThanMs: number, opts: IndexUpdateOptions & { dryRun?: boolean }): Promise<PruneReport> {
  const { manifest } = await updateCorpusIndex(corpus.reader, store, opts);
  const before = new Date(opts.now.getTime() - olderThanMs).toISOString().slice(0, 10);
  const dayOf = (e: { day: string | null; firstSeen: string }) => e.day ?? e.firstSeen.slice(0, 10);
  const old = [...manifest.entries].filter(([, e]) => dayOf(e) < before).sort(([a], [b]) => a.localeCompare(b));
  const report: PruneReport = { before, dryRun: !!opts.dryRun, removed: old.map(([id, e]) => ({ id, day: dayOf(e) })), kept: manifest.entries.size - old.length };
  if (opts.dryRun || !old.length) return report;
  const present = new Set((await corpus.reader.list()).map((f) => f.id));
  for (const [id] of old) {
    await corpus.writer.remove(id);
    if (present.has(`${id}${SIDECAR_SUFFIX}`)) await corpus.writer.remove(`${id}${SIDECAR_SUFFIX}`);
  }
  await updateCorpusIndex(corpus.reader, store, opts);
  return report;
}
