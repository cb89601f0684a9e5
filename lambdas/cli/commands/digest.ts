/** `newsletter digest --theme ID [--max-excerpts N] [--format json|text]`: the stateless digest of a theme. */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { ingestLocalCorpus } from '../../handlers/ingest-wiring.ts';
import { digestTheme } from '../../services/digest-theme.ts';
import type { CommandModule } from '../context.ts';
import { formatDigestText } from '../digest-text.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const themes = await loadThemes(config.themesFile);
  const { digest, theme } = await digestTheme({
    themes,
    themeId: String(opts.theme),
    corpus: (since) => ingestLocalCorpus(config, since),
    maxExcerpts: opts.maxExcerpts as number | undefined,
    now: config.clock.now(),
  });
  if (digest.window && digest.window.articles === 0) err(`warning: no article in the last ${digest.window.days} days for '${theme.id}' (window from ${digest.window.from}); the digest is empty`);
  else if (!digest.excerpts.length) err(`warning: no passage in the corpus matches theme '${digest.theme.id}' well enough; the digest is empty`);
  out(opts.format === 'text' ? formatDigestText(digest) : JSON.stringify(digest, null, 2));
  return 0;
};
