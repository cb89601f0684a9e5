/**
 * sendBatch: sends one batch of an issue, exactly once per recipient. For each reader:
 * re-check suppression and subscription, claim in the ledger (owner + lease), mark the
 * attempt, personalise and compose the MIME, pace with the token bucket, send, mark sent.
 * Throttling and transient errors release the claim and retry with backoff and jitter;
 * permanent errors are recorded; what still cannot go is returned for a batch retry.
 */
import { listUnsubscribeHeader, recipientLinks, tokenKeysOf } from '../domain/subscriptions/links.ts';
import { backoffMs, TokenBucket } from '../domain/sending/token-bucket.ts';
import { MailerError } from '../ports/mailer.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { composeMessage } from '../rendering/compose-message.ts';
import { personalize } from '../rendering/personalize.ts';
import type { SendBatchMessage, SendingDeps } from './sending-deps.ts';

export interface BatchReport {
  sent: number;
  alreadySent: number;
  suppressed: number;
  failed: number;
  uncertain: number;
  /** Claimed by a live worker elsewhere. */
  held: number;
  /** Not sent after retries (throttled or transient): the batch should be retried. */
  retryLater: string[];
}

export const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

const buckets = new WeakMap<object, TokenBucket>();

/** The shared token bucket of a deps object (one per process / worker). */
function bucketFor(deps: SendingDeps): TokenBucket {
  let b = buckets.get(deps);
  if (!b) buckets.set(deps, (b = new TokenBucket(deps.config.sesMaxSendRate, Math.max(1, Math.ceil(deps.config.sesMaxSendRate / 10)), Date.now())));
  return b;
}

/** Sends one batch; throws only when the process should be considered crashed. */
export async function sendBatch(deps: SendingDeps, message: SendBatchMessage, owner: string): Promise<BatchReport> {
  const report: BatchReport = { sent: 0, alreadySent: 0, suppressed: 0, failed: 0, uncertain: 0, held: 0, retryLater: [] };
  const issue = await deps.issues.get(message.issueId);
  if (!issue) throw new Error(`issue ${message.issueId} not found`);
  const ledgerId = message.test?.ledgerId ?? issue.id;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const bucket = bucketFor(deps);
  for (const to of message.recipients) {
    if (await deps.suppression.isSuppressed(to)) {
      report.suppressed++;
      continue;
    }
    if (!message.test) {
      const sub = await deps.subscribers.get(to);
      if (!sub?.themes.some((t) => t.themeId === issue.themeId && t.status === 'active')) {
        report.suppressed++;
        continue;
      }
    }
    let raw: Buffer | null = null;
    let done = false;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !done; attempt++) {
      const now = deps.clock.now().getTime();
      const claim = await deps.ledger.claim(ledgerId, to, owner, now, now + LEASE_MS);
      if (claim !== 'claimed') {
        if (claim === 'already-sent') report.alreadySent++;
        else if (claim === 'failed') report.failed++;
        else if (claim === 'uncertain') report.uncertain++;
        else report.held++;
        done = true;
        break;
      }
      // Composed only once a claim is held: a resumed run skips the readers already served.
      raw ??= await messageFor(deps, issue, to);
      for (let wait = bucket.take(Date.now()); wait > 0; wait = bucket.take(Date.now())) await sleep(wait);
      await deps.ledger.markAttempt(ledgerId, to, owner, deps.clock.now().getTime());
      try {
        const { messageId } = await deps.mailer.send({ to, raw, tags: { issue: issue.id, theme: issue.themeId } });
        await deps.ledger.markSent(ledgerId, to, owner, messageId);
        report.sent++;
        done = true;
      } catch (err) {
        if (!(err instanceof MailerError)) throw err;
        if (err.kind === 'permanent') {
          await deps.ledger.markFailed(ledgerId, to, owner, err.message);
          report.failed++;
          done = true;
        } else {
          // The mail service did not take it: give the claim back and try again later.
          await deps.ledger.release(ledgerId, to, owner);
          await sleep(backoffMs(attempt, 50, 2000, deps.random));
        }
      }
    }
    if (!done) report.retryLater.push(to);
  }
  return report;
}

/** The complete MIME message of an issue for one reader. */
export async function messageFor(deps: Pick<SendingDeps, 'config'>, issue: StoredIssue, to: string): Promise<Buffer> {
  const linkCfg = { publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config), inboundAddress: deps.config.inboundAddress };
  const links = recipientLinks(linkCfg, to, issue.themeId);
  const { html, text } = personalize(issue, links);
  return composeMessage({ from: deps.config.fromAddress, to, subject: issue.subject, html, text, listUnsubscribe: listUnsubscribeHeader(linkCfg, links), headers: { 'X-Newsletter-Issue': issue.id } });
}
