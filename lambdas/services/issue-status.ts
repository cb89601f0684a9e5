/**
 * Issue status for operators (`newsletter issues list|show`): each issue with its ledger's
 * counts (sent, failed, uncertain, held with when the last held claim lapses), the same
 * numbers a send reports; and each theme's upcoming issue that nothing has frozen yet, as
 * a draft built live.
 */
import { upcomingPeriod } from '../domain/schedule/period.ts';
import { ledgerCounts } from '../domain/sending/ledger-rules.ts';
import { NotFoundError } from '../errors.ts';
import { prepareIssue } from './prepare-issue.ts';
import type { SendingDeps } from './sending-deps.ts';

export interface IssueRow {
  id: string;
  /** draft (the upcoming issue, built live, not frozen), approved (frozen by approve, not sent yet), sending (live claims), sent, or frozen (nothing sent yet). */
  state: 'draft' | 'approved' | 'sending' | 'sent' | 'frozen';
  /** For a draft: why a send would skip it (nothing new, not enough material). */
  note?: string;
  approvedAt: string | null;
  theme: string;
  period: string;
  edition: number;
  createdAt: string;
  subject: string;
  excerpts: number;
  sent: number;
  failed: number;
  uncertain: number;
  held: number;
  heldUntil: string | null;
  tracking: 'none' | 'opens' | 'clicks';
  /** Unique readers per SES event kind (opens and clicks only when the theme tracks them). */
  engagement: Record<'delivered' | 'bounced' | 'complained' | 'opened' | 'clicked', number> | null;
}

async function row(deps: Pick<SendingDeps, 'issues' | 'ledger' | 'clock' | 'engagement'>, id: string): Promise<IssueRow & { failures: { to: string; error?: string }[]; uncertainReaders: { to: string; reason?: string }[]; excerptIds: string[] }> {
  const issue = await deps.issues.get(id);
  if (!issue) throw new NotFoundError(`issue '${id}'`, 'see newsletter issues list');
  const ledger = await deps.ledger.list(issue.id);
  const now = deps.clock.now().getTime();
  const c = ledgerCounts(ledger, now);
  const state: IssueRow['state'] = c.held ? 'sending' : c.sent || c.failed || c.uncertain ? 'sent' : issue.approvedAt ? 'approved' : 'frozen';
  return {
    id: issue.id,
    state,
    approvedAt: issue.approvedAt ?? null,
    theme: issue.themeId,
    period: issue.period,
    edition: issue.edition,
    createdAt: issue.createdAt,
    subject: issue.subject,
    excerpts: issue.digest.excerpts.length,
    excerptIds: issue.digest.excerpts.map((e) => e.id),
    sent: c.sent,
    failed: c.failed,
    uncertain: c.uncertain,
    held: c.held,
    heldUntil: c.heldUntil ? new Date(c.heldUntil).toISOString() : null,
    tracking: issue.tracking ?? 'none',
    engagement: deps.engagement ? await deps.engagement.counts(issue.id) : null,
    failures: ledger.filter((e) => e.state === 'failed').map((e) => ({ to: e.recipient, error: e.error })),
    uncertainReaders: ledger.filter((e) => e.state === 'uncertain' || (e.state === 'claimed' && e.attemptedAt !== undefined && e.leaseUntil <= now)).map((e) => ({ to: e.recipient, reason: e.error ?? 'attempted, never confirmed (the sender stopped)' })),
  };
}

/** Every issue, newest first, with its counts. */
export async function listIssues(deps: Pick<SendingDeps, 'issues' | 'ledger' | 'clock' | 'engagement'>): Promise<IssueRow[]> {
  const issues = await deps.issues.list();
  const rows = await Promise.all(issues.map(async (i) => {
    const { failures: _f, uncertainReaders: _u, excerptIds: _e, ...r } = await row(deps, i.id);
    return r;
  }));
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The upcoming issue of each theme that is not paused and has no frozen edition for its
 * upcoming period yet: built live as the preview shows it (nothing stored), with its excerpts
 * and subject, and zero sends.
 */
export async function draftRows(deps: Pick<SendingDeps, 'issues' | 'corpus' | 'config' | 'clock' | 'editorial' | 'themes'>): Promise<IssueRow[]> {
  const now = deps.clock.now();
  const rows: IssueRow[] = [];
  for (const theme of deps.themes.filter((t) => !t.paused)) {
    const period = upcomingPeriod(theme, now);
    if ((await deps.issues.listByTheme(theme.id)).some((i) => i.period === period)) continue;
    const { live, skipReason } = await prepareIssue(deps, theme);
    rows.push({
      id: live.id,
      state: 'draft',
      ...(skipReason ? { note: skipReason } : {}),
      approvedAt: null,
      theme: theme.id,
      period,
      edition: live.edition,
      createdAt: live.createdAt,
      subject: live.subject,
      excerpts: live.digest.excerpts.length,
      sent: 0,
      failed: 0,
      uncertain: 0,
      held: 0,
      heldUntil: null,
      tracking: live.tracking ?? 'none',
      engagement: null,
    });
  }
  return rows;
}

/** One issue with its counts, failures and uncertain readers. */
export function showIssue(deps: Pick<SendingDeps, 'issues' | 'ledger' | 'clock' | 'engagement'>, id: string) {
  return row(deps, id);
}

/** The trend of a theme: each issue, newest first, with its sends and engagement. */
export async function themeStats(deps: Pick<SendingDeps, 'issues' | 'ledger' | 'clock' | 'engagement'>, themeId: string): Promise<IssueRow[]> {
  return (await listIssues(deps)).filter((r) => r.theme === themeId);
}
