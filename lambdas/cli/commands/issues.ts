/** `newsletter issues [list|show ID|redrive ID]`: status per issue for operators, and re-drive of failed batches. */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { NotFoundError, UsageError } from '../../errors.ts';
import { wireSendingDeps } from '../../handlers/sending-wiring.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (args, opts, { config, out }) => {
  const [action = 'list', id] = args;
  const deps = wireSendingDeps(config, await loadThemes(config.themesFile));
  const json = opts.format === 'json';
  if (action === 'list') {
    const issues = await deps.issues.list();
    const rows = await Promise.all(
      issues.map(async (i) => {
        const ledger = await deps.ledger.list(i.id);
        const count = (s: string) => ledger.filter((e) => e.state === s).length;
        return { id: i.id, theme: i.themeId, period: i.period, edition: i.edition, createdAt: i.createdAt, excerpts: i.digest.excerpts.length, sent: count('sent'), failed: count('failed'), inFlight: count('claimed') };
      }),
    );
    if (json) out(JSON.stringify({ issues: rows }, null, 2));
    else if (!rows.length) out('no issues yet (newsletter send --theme ID builds one)');
    else for (const r of rows) out(`${r.id}  ${r.createdAt.slice(0, 16)}  ${r.excerpts} excerpts  sent ${r.sent}  failed ${r.failed}  in flight/uncertain ${r.inFlight}`);
    return 0;
  }
  if (!id) throw new UsageError(`issues ${action} needs an issue id`, 'see newsletter issues list');
  const issue = await deps.issues.get(id);
  if (!issue) throw new NotFoundError(`issue '${id}'`, 'see newsletter issues list');
  if (action === 'show') {
    const ledger = await deps.ledger.list(id);
    const summary = { id: issue.id, theme: issue.themeId, period: issue.period, edition: issue.edition, subject: issue.subject, excerpts: issue.digest.excerpts.map((e) => e.id), ledger: { sent: ledger.filter((e) => e.state === 'sent').length, failed: ledger.filter((e) => e.state === 'failed').map((e) => ({ to: e.recipient, error: e.error })), claimed: ledger.filter((e) => e.state === 'claimed').map((e) => ({ to: e.recipient, attempted: e.attemptedAt !== undefined })) } };
    out(json ? JSON.stringify(summary, null, 2) : [`${summary.id} (${summary.theme}, period ${summary.period}, edition ${summary.edition})`, `subject: ${summary.subject}`, `excerpts: ${summary.excerpts.join(', ')}`, `sent ${summary.ledger.sent}, failed ${summary.ledger.failed.length}, claimed ${summary.ledger.claimed.length}`, ...summary.ledger.failed.map((f) => `  failed ${f.to}: ${f.error}`), ...summary.ledger.claimed.filter((c) => c.attempted).map((c) => `  uncertain ${c.to}: attempted, not confirmed`)].join('\n'));
    return 0;
  }
  if (action === 'redrive') {
    const moved = await deps.queue.redrive((b) => b.issueId === id);
    out(`${moved} batch(es) of ${id} moved back from the dead-letter queue`);
    return 0;
  }
  throw new UsageError(`unknown action '${action}'`, 'use list, show ID or redrive ID');
};
