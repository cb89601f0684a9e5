/** `newsletter stats --theme ID`: each issue of a theme with its sends and engagement, newest first (the trend). */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { findTheme } from '../../domain/themes/find-theme.ts';
import { wireSendingDeps } from '../../handlers/sending-wiring.ts';
import { themeStats } from '../../services/issue-status.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out }) => {
  const themes = await loadThemes(config.themesFile);
  const theme = findTheme(themes, String(opts.theme));
  const rows = await themeStats(wireSendingDeps(config, themes), theme.id);
  if (opts.format === 'json') return void out(JSON.stringify({ theme: theme.id, tracking: theme.tracking ?? 'none', issues: rows }, null, 2));
  if (!rows.length) return void out(`no issue of ${theme.id} yet`);
  const pct = (n: number, of: number) => (of ? `${Math.round((n / of) * 100)}%` : '-');
  for (const r of rows) {
    const e = r.engagement;
    const track = !e ? '' : r.tracking === 'none' ? `  delivered ${e.delivered}  bounced ${e.bounced}  complained ${e.complained}` : `  delivered ${e.delivered}  opened ${e.opened} (${pct(e.opened, e.delivered)})${r.tracking === 'clicks' ? `  clicked ${e.clicked} (${pct(e.clicked, e.delivered)})` : ''}  bounced ${e.bounced}  complained ${e.complained}`;
    out(`${r.period}  ${r.id}  sent ${r.sent}${track}`);
  }
};
