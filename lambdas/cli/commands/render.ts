/** `newsletter render --theme ID [--format html|text|eml|mjml] [--out FILE]`: renders a theme's next issue for a sample reader. */
import { writeFile } from 'node:fs/promises';
import { FsCorpusReader } from '../../adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { localIngestOptions } from '../../handlers/ingest-wiring.ts';
import { digestTheme } from '../../services/digest-theme.ts';
import { renderIssuePreview } from '../../services/render-issue-preview.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const themes = await loadThemes(config.themesFile);
  const { digest } = await digestTheme({ themes, themeId: String(opts.theme), reader: new FsCorpusReader(config.corpusDir), corpusLabel: config.corpusDir, ingestOptions: localIngestOptions(config) });
  const preview = await renderIssuePreview(config, digest);
  const format = String(opts.format);
  const body = format === 'eml' ? preview.eml : format === 'text' ? preview.text : format === 'mjml' ? preview.compiled.mjml : preview.html;
  for (const c of preview.checks.filter((x) => !x.ok)) err(`warning: email check '${c.rule}' failed: ${c.detail}`);
  if (opts.out) {
    await writeFile(String(opts.out), body);
    err(`wrote ${format} to ${opts.out}`);
  } else out(body.toString());
  return 0;
};
