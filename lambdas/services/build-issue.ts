/**
 * buildIssue: freezes the issue of a theme's period, once. Called by `approve` and by the
 * first real send to the list; later builds of the period reuse the frozen edition;
 * `newEdition` freezes edition N+1 from the current corpus and templates under the same
 * history. A paused theme, one with nothing new or not enough material is skipped with a
 * reason; a theme that requires approval is sent only once approved.
 */
import type { Theme } from '../domain/types.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { issueFingerprint, prepareIssue, type PrepareDeps } from './prepare-issue.ts';

export type BuildResult = { status: 'built' | 'reused'; issue: StoredIssue } | { status: 'skipped'; reason: string; period: string } | { status: 'awaiting-approval'; reason: string; period: string };

/**
 * Builds (or reuses) the issue of the theme's current period.
 * @param opts.approve freeze as approved (newsletter approve)
 * @param opts.requireApproved refuse to freeze an unapproved issue of a theme that requires approval (real sends)
 * @param opts.scheduled the schedule's own run: the period that just fired (else the upcoming one)
 */
export async function buildIssue(deps: PrepareDeps, theme: Theme, opts: { newEdition?: boolean; approve?: boolean; requireApproved?: boolean; scheduled?: boolean } = {}): Promise<BuildResult> {
  const prepared = await prepareIssue(deps, theme, { scheduled: opts.scheduled });
  const { period, frozen } = prepared;
  if (theme.paused) return { status: 'skipped', reason: `theme '${theme.id}' is paused`, period };
  if (frozen && !opts.newEdition) {
    return { status: 'reused', issue: frozen };
  }
  if (theme.requireApproval && opts.requireApproved && !opts.approve) {
    return { status: 'awaiting-approval', reason: `awaiting approval: '${theme.id}' sends only an approved issue; run newsletter approve --theme ${theme.id}`, period };
  }
  if (prepared.skipReason) return { status: 'skipped', reason: prepared.skipReason, period };
  const now = deps.clock.now().toISOString();
  const issue: StoredIssue = { ...prepared.live, createdAt: now, fingerprint: issueFingerprint(prepared.live), ...(opts.approve ? { approvedAt: now } : {}) };
  const put = await deps.issues.putIfAbsent(issue);
  return { status: put.created ? 'built' : 'reused', issue: put.issue };
}
