/** `newsletter themes [--format text|json]`: lists the themes of themes.yaml. */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out }) => {
  const themes = await loadThemes(config.themesFile);
  if (opts.format === 'json') {
    out(JSON.stringify({ themes }, null, 2));
    return 0;
  }
  for (const t of themes) {
    out(`${t.id.padEnd(24)} ${t.title}${t.paused ? '  (paused)' : ''}`);
    out(`${''.padEnd(24)} ${t.schedule ?? 'on demand only'} ${t.timezone}; up to ${t.maxExcerpts} excerpts; keywords: ${t.keywords.join(', ')}`);
  }
  return 0;
};
