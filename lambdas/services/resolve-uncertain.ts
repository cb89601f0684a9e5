/**
 * resolveUncertain: the operator's explicit choice to send an issue again to the readers
 * whose first send is uncertain (a reply lost, a timeout, a 5xx after the request). Their
 * ledger entries are forgotten and they go through the normal send path once more; some of
 * them may receive a second copy, which is why this never happens on its own.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.ts';
import { BATCH_SIZE } from './fan-out.ts';
import { drainQueue, type SendReport } from './send-issue.ts';
import { emptyBatchReport } from './send-batch.ts';
import type { SendingDeps } from './sending-deps.ts';

/**
 * Forgets an issue's uncertain entries and queues those readers (on AWS the send workers
 * take them from there).
 * @returns the readers queued
 */
export async function requeueUncertain(deps: Pick<SendingDeps, 'issues' | 'ledger' | 'queue' | 'clock'>, issueId: string): Promise<string[]> {
  const issue = await deps.issues.get(issueId);
  if (!issue) throw new NotFoundError(`issue '${issueId}'`, 'see newsletter issues list');
  const recipients = await deps.ledger.resetUncertain(issue.id, deps.clock.now().getTime());
  const batches: string[][] = [];
  for (let i = 0; i < recipients.length; i += BATCH_SIZE) batches.push(recipients.slice(i, i + BATCH_SIZE));
  await deps.queue.sendMany(batches.map((r) => ({ issueId: issue.id, recipients: r })));
  return recipients;
}

/**
 * Resends an issue to its uncertain readers, here and now (the local stack's workers).
 * @returns how many were reset, and the send report of the resend
 */
export async function resolveUncertain(deps: SendingDeps, issueId: string, opts: { workers?: number } = {}): Promise<{ reset: number; report: SendReport }> {
  const started = Date.now();
  const recipients = await requeueUncertain(deps, issueId);
  const totals = emptyBatchReport();
  if (recipients.length) {
    await drainQueue(deps, `resolve-${randomUUID()}`, opts.workers ?? 4, totals);
  }
  const report: SendReport = {
    issueId,
    recipients: recipients.length,
    sent: totals.sent,
    alreadySent: totals.alreadySent,
    suppressed: totals.suppressed,
    failed: totals.failed,
    uncertain: totals.uncertain,
    held: totals.held,
    durationMs: Date.now() - started,
    status: recipients.length ? (totals.uncertain || totals.failed ? 'partial' : 'sent') : 'nothing-to-send',
    reason: recipients.length ? `resent to ${recipients.length} reader(s) whose first send was uncertain` : `no uncertain reader in ${issueId}`,
  };
  return { reset: recipients.length, report };
}
