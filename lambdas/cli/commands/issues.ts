/**
 * `newsletter issues [list|show ID|redrive ID|resolve ID --resend-uncertain]`: status per
 * issue for operators (from the ledger; `list` starts with each theme's upcoming draft), re-drive of dead-lettered batches, and the explicit
 * resend to readers whose first send is uncertain.
 */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { UsageError } from '../../errors.ts';
import { wireSendingDeps } from '../../handlers/sending-wiring.ts';
import { draftRows, listIssues, showIssue } from '../../services/issue-status.ts';
import { resolveUncertain } from '../../services/resolve-uncertain.ts';
import type { CommandModule } from '../context.ts';

const held = (n: number, until: string | null) => (n ? `, held ${n} (until ${until?.slice(0, 19)}Z)` : '');

export const run: CommandModule['run'] = async (args, opts, { config, out, err }) => {
  const [action = 'list', id] = args;
  const deps = wireSendingDeps(config, await loadThemes(config.themesFile));
  const json = opts.format === 'json';
  if (action === 'list') {
    // The upcoming drafts first (what the preview shows), then every frozen issue, newest first.
    const rows = [...(await draftRows(deps)), ...(await listIssues(deps))];
    if (json) out(JSON.stringify({ issues: rows }, null, 2));
    else if (!rows.length) out('no issues yet (newsletter send --theme ID builds one)');
    else
      for (const r of rows)
        out(r.state === 'draft' ? `${r.id}  ${r.period}  draft     ${r.excerpts} excerpts  not frozen yet (newsletter approve --theme ${r.theme}, or the first send)${r.note ? `; ${r.note}` : ''}` : `${r.id}  ${r.period}  ${r.state.padEnd(8)}  ${r.excerpts} excerpts  sent ${r.sent}  failed ${r.failed}  uncertain ${r.uncertain}${held(r.held, r.heldUntil)}`);
    return 0;
  }
  if (!id) throw new UsageError(`issues ${action} needs an issue id`, 'see newsletter issues list');
  if (action === 'show') {
    const s = await showIssue(deps, id);
    if (json) out(JSON.stringify(s, null, 2));
    else
      out(
        [
          `${s.id} (${s.theme}, period ${s.period}, edition ${s.edition})`,
          `subject: ${s.subject}`,
          `excerpts: ${s.excerptIds.join(', ')}`,
          `sent ${s.sent}, failed ${s.failed}, uncertain ${s.uncertain}${held(s.held, s.heldUntil)}`,
          ...(s.engagement ? [`delivered ${s.engagement.delivered}, bounced ${s.engagement.bounced}, complained ${s.engagement.complained}${s.tracking === 'none' ? ' (opens and clicks not tracked for this theme)' : `, opened ${s.engagement.opened} (unique)${s.tracking === 'clicks' ? `, clicked ${s.engagement.clicked} (unique)` : ''}`}`] : []),
          ...s.failures.map((f) => `  failed ${f.to}: ${f.error}`),
          ...s.uncertainReaders.map((u) => `  uncertain ${u.to}: ${u.reason}`),
          ...(s.uncertain ? [`resend to the uncertain readers (some may get a second copy): newsletter issues resolve ${s.id} --resend-uncertain`] : []),
        ].join('\n'),
      );
    return 0;
  }
  if (action === 'redrive') {
    const moved = await deps.queue.redrive((b) => b.issueId === id);
    out(`${moved} batch(es) of ${id} moved back from the dead-letter queue`);
    return 0;
  }
  if (action === 'resolve') {
    if (!opts.resendUncertain) throw new UsageError('issues resolve needs --resend-uncertain', `newsletter issues resolve ${id} --resend-uncertain (readers whose first send is uncertain may receive a second copy)`);
    const before = await showIssue(deps, id);
    err(`resending ${before.id} to ${before.uncertain} reader(s) whose first send is uncertain: they may receive a second copy`);
    const { report } = await resolveUncertain(deps, id);
    out(json ? JSON.stringify(report, null, 2) : `${report.reason}: sent ${report.sent}, failed ${report.failed}, uncertain ${report.uncertain}`);
    return report.status === 'partial' ? 1 : 0;
  }
  throw new UsageError(`unknown action '${action}'`, 'use list, show ID, redrive ID or resolve ID --resend-uncertain');
};
