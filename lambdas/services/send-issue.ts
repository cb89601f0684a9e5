/**
 * sendIssue: the on-demand send used by the CLI, POST /sends and the preview's test send.
 * Builds (or reuses) the period's issue, then either reports what would happen (dry run),
 * sends a test to one address, or fans out to every active subscriber and drains the queue
 * with in-process workers. A second identical send sends nothing and says why.
 */
import { randomUUID } from 'node:crypto';
import { findTheme } from '../domain/themes/find-theme.ts';
import { recipientLinks, tokenKeysOf } from '../domain/subscriptions/links.ts';
import { emailProblem, normalizeEmail } from '../domain/subscriptions/email-address.ts';
import { ValidationError } from '../errors.ts';
import { checkEmail, type CheckResult } from '../rendering/check-email.ts';
import { personalize } from '../rendering/personalize.ts';
import { buildIssue } from './build-issue.ts';
import { prepareIssue } from './prepare-issue.ts';
import { publishArchive } from './publish-archive.ts';
import { fanOut } from './fan-out.ts';
import { retryRecipients } from './retry-recipients.ts';
import { sendBatch, type BatchReport } from './send-batch.ts';
import type { SendingDeps } from './sending-deps.ts';

export interface SendReport {
  issueId: string | null;
  recipients: number;
  sent: number;
  alreadySent: number;
  suppressed: number;
  failed: number;
  uncertain: number;
  /** Claimed by another live sender: they are being sent now, or wait for the lease to lapse. */
  held: number;
  /** When the last held claim lapses (ISO time), when any is held. */
  heldUntil?: string;
  durationMs: number;
  status: 'sent' | 'nothing-to-send' | 'skipped' | 'awaiting-approval' | 'dry-run' | 'partial';
  reason?: string;
  checks?: CheckResult[];
  deadLetters?: number;
}

export interface SendIssueInput {
  themeId: string;
  to?: string;
  dryRun?: boolean;
  newEdition?: boolean;
  workers?: number;
}

type Totals = Omit<BatchReport, 'retryLater'>;
const empty = (): Totals => ({ sent: 0, alreadySent: 0, suppressed: 0, failed: 0, uncertain: 0, held: 0, heldUntil: null, throttled: 0 });

/** Runs an on-demand send. */
export async function sendIssue(deps: SendingDeps, input: SendIssueInput): Promise<SendReport> {
  const started = Date.now();
  const theme = findTheme(deps.themes, input.themeId);
  if (input.to !== undefined && emailProblem(input.to)) throw new ValidationError(`--to: ${emailProblem(input.to)}`);
  const base = { durationMs: 0, sent: 0, alreadySent: 0, suppressed: 0, failed: 0, uncertain: 0, held: 0 };

  // Dry runs and test sends never freeze: they use the frozen edition if there is one (that
  // is what goes out), else the live issue, as the preview shows it.
  if (input.dryRun || input.to) {
    const prepared = await prepareIssue(deps, theme);
    const shown = prepared.frozen ?? (prepared.skipReason ? null : prepared.live);
    if (!shown) return { issueId: null, recipients: 0, ...base, status: 'skipped', reason: prepared.skipReason ?? 'nothing to send', durationMs: Date.now() - started };
    const state = prepared.frozen ? `frozen ${shown.id}` : `live ${shown.id} (not frozen)`;
    if (input.dryRun) {
      let recipients = 0;
      if (input.to) recipients = 1;
      else {
        let cursor: string | undefined;
        do {
          const page = await deps.subscribers.listActive(shown.themeId, { cursor, limit: 1000 });
          recipients += page.items.length;
          cursor = page.cursor;
        } while (cursor);
      }
      const sample = personalize(shown, recipientLinks({ publicBaseUrl: deps.config.publicBaseUrl, tokenKeys: tokenKeysOf(deps.config) }, input.to ?? 'reader@example.com', shown.themeId, deps.clock.now()));
      const checks = checkEmail({ subject: shown.subject, preheader: shown.preheader, ...sample }, { publicBaseUrl: deps.config.publicBaseUrl });
      return { issueId: shown.id, recipients, ...base, status: 'dry-run', reason: `${state}; nothing sent`, checks, durationMs: Date.now() - started };
    }
    const test = { ...shown, subject: `[Test] ${shown.subject}` };
    const r = await sendBatch(deps, { issueId: shown.id, recipients: [normalizeEmail(input.to!)], test: { ledgerId: `test-${shown.id}-${Date.now()}` } }, `test-${randomUUID()}`, test);
    return { issueId: shown.id, recipients: 1, ...base, ...pick(r), status: r.sent ? 'sent' : 'partial', reason: r.sent ? `test of ${state} sent to ${input.to}` : undefined, durationMs: Date.now() - started };
  }

  const built = await buildIssue(deps, theme, { newEdition: input.newEdition, requireApproved: true });
  if (built.status === 'skipped' || built.status === 'awaiting-approval') return { issueId: null, recipients: 0, ...base, status: built.status, reason: built.reason, durationMs: Date.now() - started };
  const issue = built.issue;

  const totals = empty();
  const owner = `cli-${randomUUID()}`;

  // A real send to the list publishes the issue on the archive (never a dry run or a test).
  if (deps.archive) await publishArchive({ archive: deps.archive, config: deps.config, themes: deps.themes, clock: deps.clock }, issue);
  const { recipients } = await fanOut(deps, issue);
  await drainQueue(deps, owner, input.workers ?? 4, totals);
  const dead = (await deps.queue.deadLetters()).filter((d) => d.body.issueId === issue.id).length;
  const report: SendReport = { issueId: issue.id, recipients, ...base, ...pick(totals), status: 'sent', durationMs: Date.now() - started, deadLetters: dead };
  if (report.sent === 0 && recipients > 0 && report.alreadySent === recipients) {
    report.status = 'nothing-to-send';
    report.reason = `all ${recipients} recipient(s) already received ${issue.id}; nothing sent (use --new-edition to send a new edition)`;
  } else if (recipients === 0) {
    report.status = 'nothing-to-send';
    report.reason = `theme '${theme.id}' has no active subscriber`;
  } else if (dead || report.failed || report.uncertain || report.held) {
    report.status = 'partial';
    const parts = [report.uncertain ? `${report.uncertain} uncertain (see newsletter issues show ${issue.id})` : '', report.held ? `${report.held} held by another sender until ${report.heldUntil}` : '', report.failed ? `${report.failed} failed` : ''].filter(Boolean);
    report.reason = parts.join('; ');
  }
  return report;
}

function pick(r: Totals) {
  return { sent: r.sent, alreadySent: r.alreadySent, suppressed: r.suppressed, failed: r.failed, uncertain: r.uncertain, held: r.held, ...(r.heldUntil ? { heldUntil: new Date(r.heldUntil).toISOString() } : {}) };
}

/** Adds a batch's counts to the totals. */
export function addCounts(totals: Totals, r: Totals): void {
  for (const k of ['sent', 'alreadySent', 'suppressed', 'failed', 'uncertain', 'held', 'throttled'] as const) totals[k] += r[k];
  if (r.heldUntil) totals.heldUntil = Math.max(totals.heldUntil ?? 0, r.heldUntil);
}

/**
 * Runs workers over the queue until it is empty. A batch's recipients that could not go yet
 * come back as a smaller batch after a pause; the rest of the batch is never sent again.
 */
export async function drainQueue(deps: SendingDeps, owner: string, workers: number, totals: Totals): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const worker = async (n: number) => {
    for (;;) {
      const [msg] = await deps.queue.receive(1, 60_000);
      if (!msg) return;
      const r = await sendBatch(deps, msg.body, `${owner}-${n}`);
      addCounts(totals, r);
      if (r.retryLater.length) {
        await sleep(1000 * 2 ** (msg.body.retry ?? 0));
        const outcome = await retryRecipients(deps.queue, msg.body, r.retryLater, 'throttled or SES unreachable', 0);
        if (outcome === 'dead-lettered') totals.failed += r.retryLater.length;
      }
      await deps.queue.ack(msg);
    }
  };
  // Let every worker stop before reporting, then surface the first failure (a crash).
  const results = await Promise.allSettled(Array.from({ length: workers }, (_, n) => worker(n)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
