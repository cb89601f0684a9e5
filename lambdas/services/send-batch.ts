/**
 * sendBatch: sends one batch of an issue, exactly once per recipient. The batch's ledger
 * entries, suppressions and subscriptions are read in one batched call each; recipients
 * already settled (sent, failed, uncertain, held by a live claim) are counted and skipped.
 * The rest are sent concurrently, paced by the token bucket: claim (which opens the
 * uncertain window), fill the issue's message template, send, mark sent. A reply that never
 * came is `uncertain` and is never retried; throttling and refused connections release the
 * claim and retry with backoff; permanent errors are recorded; what still cannot go is
 * returned for a later retry of just those recipients.
 */
import { ledgerCounts } from '../domain/sending/ledger-rules.ts';
import { listUnsubscribeHeader, recipientLinks, tokenKeysOf } from '../domain/subscriptions/links.ts';
import { paceRate } from '../domain/sending/pace.ts';
import { backoffMs, TokenBucket } from '../domain/sending/token-bucket.ts';
import { MailerError } from '../ports/mailer.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { compileIssueMessageTemplate, fillsAddress, issueTemplateKey, type IssueMessageTemplate } from '../rendering/message-template.ts';
import { composeMessage } from '../rendering/compose-message.ts';
import { issueListHeaders } from '../rendering/list-headers.ts';
import { personalize } from '../rendering/personalize.ts';
import type { SendBatchMessage, SendingDeps } from './sending-deps.ts';

export interface BatchReport {
  sent: number;
  alreadySent: number;
  suppressed: number;
  failed: number;
  uncertain: number;
  /** Claimed by another live sender (or an unexpired lease). */
  held: number;
  /** When the last of those claims lapses (epoch ms), if any. */
  heldUntil: number | null;
  /** Throttled sends (retried), for metrics. */
  throttled: number;
  /** Not sent after retries (throttled or unreachable): retry these recipients later. */
  retryLater: string[];
}

export const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

const buckets = new WeakMap<object, Promise<TokenBucket>>();
const templates = new WeakMap<object, Map<string, Promise<IssueMessageTemplate>>>();
const MAX_TEMPLATES = 8;

/**
 * The shared token bucket of a deps object (one per process / worker), paced under the
 * configured rate and the account's quota, read once at start.
 */
function bucketFor(deps: SendingDeps): Promise<TokenBucket> {
  let b = buckets.get(deps);
  if (!b) {
    b = (async () => {
      const quota = deps.mailer.sendQuota ? await deps.mailer.sendQuota().catch(() => null) : null;
      const rate = paceRate(deps.config.sesMaxSendRate, quota, deps.config.sendWorkers);
      if (quota && rate < deps.config.sesMaxSendRate) console.log(JSON.stringify({ level: 'info', event: 'send_rate_from_quota', configured: deps.config.sesMaxSendRate, quota: quota.maxSendRate }));
      return new TokenBucket(rate, Math.max(1, Math.ceil(rate / 10)), Date.now());
    })();
    buckets.set(deps, b);
  }
  return b;
}

/** The issue's message template, built once per deps object and issue content. */
function templateFor(deps: SendingDeps, issue: StoredIssue): Promise<IssueMessageTemplate> {
  let m = templates.get(deps);
  if (!m) templates.set(deps, (m = new Map()));
  const key = issueTemplateKey(issue);
  let t = m.get(key);
  if (!t) {
    t = compileIssueMessageTemplate(deps.config.fromAddress, issue, { feedbackSenderId: deps.config.feedbackSenderId });
    m.set(key, t);
    t.catch(() => m!.delete(key));
    // Test sends of a changing live issue each make a template: keep only the latest few.
    while (m.size > MAX_TEMPLATES) m.delete(m.keys().next().value!);
  }
  return t;
}

export const emptyBatchReport = (): BatchReport => ({ sent: 0, alreadySent: 0, suppressed: 0, failed: 0, uncertain: 0, held: 0, heldUntil: null, throttled: 0, retryLater: [] });

/** Sends one batch; throws only when the process should be considered crashed. */
export async function sendBatch(deps: SendingDeps, message: SendBatchMessage, owner: string, issueOverride?: StoredIssue): Promise<BatchReport> {
  const report = emptyBatchReport();
  // A test send brings its own (live, unsaved) issue; everything else reads the frozen one.
  const issue = issueOverride ?? (await deps.issues.get(message.issueId));
  if (!issue) throw new Error(`issue ${message.issueId} not found`);
  const ledgerId = message.test?.ledgerId ?? issue.id;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const bucket = await bucketFor(deps);
  const recipients = [...new Set(message.recipients)];

  // One batched read each: suppression, subscription, ledger.
  const [suppressed, statuses, entries] = await Promise.all([
    deps.suppression.suppressedAmong(recipients),
    message.test ? Promise.resolve(null) : deps.subscribers.themeStatuses(recipients, issue.themeId),
    deps.ledger.getMany(ledgerId, recipients),
  ]);
  const now = deps.clock.now().getTime();
  const todo: string[] = [];
  for (const to of recipients) {
    if (suppressed.has(to) || (statuses && statuses.get(to) !== 'active')) {
      report.suppressed++;
      continue;
    }
    const e = entries.get(to);
    if (e) {
      const c = ledgerCounts([e], now);
      if (c.sent || c.failed || c.uncertain || c.held) {
        report.alreadySent += c.sent;
        report.failed += c.failed;
        report.uncertain += c.uncertain;
        report.held += c.held;
        if (c.heldUntil) report.heldUntil = Math.max(report.heldUntil ?? 0, c.heldUntil);
        continue;
      }
    }
    todo.push(to);
  }
  if (!todo.length) return report;
  const template = await templateFor(deps, issue);

  const sendOne = async (to: string) => {
    let raw: Uint8Array | null = null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Paced before the claim, so a claim is followed by the mail call at once.
      for (let wait = bucket.take(Date.now()); wait > 0; wait = bucket.take(Date.now())) await sleep(wait);
      const at = deps.clock.now().getTime();
      const claim = await deps.ledger.claim(ledgerId, to, owner, at, at + LEASE_MS, { attempt: true });
      if (claim !== 'claimed') {
        if (claim === 'already-sent') report.alreadySent++;
        else if (claim === 'failed') report.failed++;
        else if (claim === 'uncertain') report.uncertain++;
        else {
          report.held++;
          const e = await deps.ledger.get(ledgerId, to);
          if (e) report.heldUntil = Math.max(report.heldUntil ?? 0, e.leaseUntil);
        }
        return;
      }
      raw ??= await messageFor(deps, issue, to, template);
      try {
        const { messageId } = await deps.mailer.send({ to, raw, tags: { issue: issue.id, theme: issue.themeId }, configurationSet: configurationSetFor(deps.config.aws.configurationSet, issue.tracking) });
        await deps.ledger.markSent(ledgerId, to, owner, messageId);
        report.sent++;
        return;
      } catch (err) {
        if (!(err instanceof MailerError)) throw err;
        if (err.kind === 'uncertain') {
          // SES may have taken it: keep the claim, say so, never send it again by ourselves.
          await deps.ledger.markUncertain(ledgerId, to, owner, err.message);
          report.uncertain++;
          return;
        }
        if (err.kind === 'permanent') {
          await deps.ledger.markFailed(ledgerId, to, owner, err.message);
          report.failed++;
          return;
        }
        // Not accepted (throttled, or no connection): give the claim back and try again later.
        if (err.kind === 'throttled') report.throttled++;
        await deps.ledger.release(ledgerId, to, owner);
        await sleep(backoffMs(attempt, 50, 2000, deps.random));
      }
    }
    report.retryLater.push(to);
  };

  // Concurrent senders inside this worker; the bucket keeps them under the rate.
  let next = 0;
  const lanes = Math.max(1, Math.min(deps.config.sendConcurrency ?? 1, todo.length));
  const results = await Promise.allSettled(
    Array.from({ length: lanes }, async () => {
      while (next < todo.length) await sendOne(todo[next++]);
    }),
  );
  const crashed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (crashed) throw crashed.reason;
  return report;
}

/**
 * The complete MIME message of an issue for one reader: the issue's template filled with the
 * reader's address and signed links (a full composition when the address is not plain ASCII).
 */
export async function messageFor(deps: Pick<SendingDeps, 'config'> & Partial<Pick<SendingDeps, 'clock'>>, issue: StoredIssue, to: string, template?: IssueMessageTemplate): Promise<Buffer> {
  const linkCfg = { publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config), inboundAddress: deps.config.inboundAddress };
  const links = recipientLinks(linkCfg, to, issue.themeId, deps.clock?.now() ?? new Date());
  const listUnsubscribe = listUnsubscribeHeader(linkCfg, links);
  if (template && fillsAddress(to)) return template.fill({ to, listUnsubscribe, links });
  const { html, text } = personalize(issue, links);
  const preparedHeaders = issueListHeaders({ issue, fromAddress: deps.config.fromAddress, feedbackSenderId: deps.config.feedbackSenderId });
  return composeMessage({ from: deps.config.fromAddress, to, subject: issue.subject, html, text, listUnsubscribe, headers: { 'X-Newsletter-Issue': issue.id }, preparedHeaders });
}

/**
 * The SES configuration set of an issue: the plain one (deliveries, bounces, complaints), or,
 * for a theme that opted in, `<set>-opens` / `<set>-clicks`, whose event destinations make SES
 * add the open pixel (and rewrite links). Without tracking, no pixel and no rewritten link.
 */
export function configurationSetFor(base: string | null, tracking: StoredIssue['tracking']): string | null {
  if (!base) return null;
  return tracking === 'opens' || tracking === 'clicks' ? `${base}-${tracking}` : base;
}
