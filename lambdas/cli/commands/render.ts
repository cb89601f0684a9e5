/**
 * `newsletter render --theme ID [--format html|text|eml|mjml] [--out FILE]`: the theme's next
 * issue for a sample reader, exactly as a send would send it (the frozen edition of the
 * period if there is one, else the live issue); never freezes anything.
 */
import { writeFile } from 'node:fs/promises';
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { wireSendingDeps } from '../../handlers/sending-wiring.ts';
import { renderIssuePreview } from '../../services/render-issue-preview.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (_args, opts, { config, out, err }) => {
  const deps = wireSendingDeps(config, await loadThemes(config.themesFile));
  const preview = await renderIssuePreview(deps, String(opts.theme));
  const format = String(opts.format);
  const body = format === 'eml' ? preview.eml : format === 'text' ? preview.text : format === 'mjml' ? preview.prepared.liveMjml : preview.html;
  for (const c of preview.checks.filter((x) => !x.ok)) err(`warning: email check '${c.rule}' failed: ${c.detail}`);
  if (preview.prepared.skipReason && !preview.prepared.frozen) err(`warning: ${preview.prepared.skipReason}`);
  if (preview.prepared.frozen) err(`note: showing the frozen ${preview.issue.id}${preview.prepared.changedSinceFrozen ? ' (the corpus or templates changed since it was frozen; newsletter send --new-edition makes a new edition)' : ''}`);
  if (opts.out) {
    await writeFile(String(opts.out), body);
    err(`wrote ${format} to ${opts.out}`);
  } else out(body.toString());
  return 0;
};
