/** `newsletter send --theme ID [--to ADDRESS] [--dry-run] [--new-edition] [--format json|text]`: sends (or resumes) the period's issue on the local stack or AWS. */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { wireSendingDeps } from '../../handlers/sending-wiring.ts';
import { sendIssue, type SendReport } from '../../services/send-issue.ts';
import type { CommandModule } from '../context.ts';

function text(r: SendReport): string {
  const lines = [`issue ${r.issueId ?? '(none)'}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`];
  if (r.status !== 'skipped') lines.push(`recipients ${r.recipients}, sent ${r.sent}, already sent ${r.alreadySent}, suppressed ${r.suppressed}, failed ${r.failed}, uncertain ${r.uncertain}, ${r.durationMs} ms`);
  for (const c of r.checks ?? []) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.rule}: ${c.detail}`);
  return lines.join('\n');
}

export const run: CommandModule['run'] = async (_args, opts, { config, out }) => {
  const themes = await loadThemes(config.themesFile);
  const report = await sendIssue(wireSendingDeps(config, themes), {
    themeId: String(opts.theme),
    to: opts.to as string | undefined,
    dryRun: Boolean(opts.dryRun),
    newEdition: Boolean(opts.newEdition),
  });
  if (opts.format === 'json') {
    const { issueId, recipients, sent, alreadySent, suppressed, failed, uncertain, ...rest } = report;
    out(JSON.stringify({ issueId, recipients, sent, alreadySent, suppressed, failed, uncertain, ...rest }, null, 2));
  } else out(text(report));
  return report.failed || report.uncertain ? 1 : 0;
};
