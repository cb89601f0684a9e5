/** Lambda entry point run by the theme's EventBridge schedule (or invoked on demand): builds the period's issue and fans recipients out to the send queue. */
import { loadThemes } from '../adapters/fs/themes-file.ts';
import { lambdaConfig } from './lambda-config.ts';
import { findTheme } from '../domain/themes/find-theme.ts';
import { buildIssue } from '../services/build-issue.ts';
import { fanOut } from '../services/fan-out.ts';
import { publishArchive } from '../services/publish-archive.ts';
import { requeueUncertain } from '../services/resolve-uncertain.ts';
import { wireSendingDeps } from './sending-wiring.ts';

export async function handler(event: { themeId: string; newEdition?: boolean } | { resendUncertain: string }): Promise<{ issueId: string | null; status: string; recipients?: number; reason?: string }> {
  const config = await lambdaConfig();
  const themes = await loadThemes(config.themesFile);
  const deps = wireSendingDeps(config, themes);
  if ('resendUncertain' in event) {
    // The operator's explicit choice (aws lambda invoke ... '{"resendUncertain":"<issue id>"}').
    const readers = await requeueUncertain(deps, event.resendUncertain);
    console.log(JSON.stringify({ level: 'warn', event: 'uncertain_requeued', issueId: event.resendUncertain, readers: readers.length, note: 'these readers may receive a second copy' }));
    return { issueId: event.resendUncertain, status: 'requeued', recipients: readers.length, reason: `${readers.length} reader(s) may receive a second copy` };
  }
  const built = await buildIssue(deps, findTheme(themes, event.themeId), { newEdition: event.newEdition, requireApproved: true, scheduled: true });
  if (built.status === 'skipped' || built.status === 'awaiting-approval') {
    console.log(JSON.stringify({ level: 'info', event: built.status === 'skipped' ? 'issue_skipped' : 'issue_awaiting_approval', theme: event.themeId, reason: built.reason }));
    // An unapproved period is a CloudWatch metric (EMF) the operator alarm watches.
    if (built.status === 'awaiting-approval') console.log(JSON.stringify({ _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Newsletter/Issues', Dimensions: [[]], Metrics: [{ Name: 'awaitingApproval', Unit: 'Count' }] }] }, awaitingApproval: 1, theme: event.themeId }));
    return { issueId: null, status: built.status, reason: built.reason };
  }
  if (deps.archive) await publishArchive({ archive: deps.archive, config: deps.config, themes: deps.themes, clock: deps.clock }, built.issue);
  const { recipients, batches } = await fanOut(deps, built.issue);
  console.log(JSON.stringify({ level: 'info', event: 'issue_fanned_out', issueId: built.issue.id, theme: event.themeId, recipients, batches, reused: built.status === 'reused' }));
  return { issueId: built.issue.id, status: built.status, recipients };
}
