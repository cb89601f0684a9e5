/** `newsletter digest --theme ID [--max-excerpts N] [--format json|text]`: the stateless digest of a theme. */
import { FsCorpusReader } from '../../adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { localIngestOptions } from '../../handlers/ingest-wiring.ts';
import { digestTheme } from '../../services/digest-theme.ts';
import type { CommandModule } from '../context.ts';
import { formatDigestText } from '../digest-text.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const themes = await loadThemes(config.themesFile);
  const { digest } = await digestTheme({
    themes,
    themeId: String(opts.theme),
    reader: new FsCorpusReader(config.corpusDir),
    corpusLabel: config.corpusDir, ingestOptions: localIngestOptions(config),
    maxExcerpts: opts.maxExcerpts as number | undefined,
  });
  if (!digest.excerpts.length) err(`warning: no passage in the corpus matches theme '${digest.theme.id}' well enough; the digest is empty`);
  out(opts.format === 'text' ? formatDigestText(digest) : JSON.stringify(digest, null, 2));
  return 0;
};
