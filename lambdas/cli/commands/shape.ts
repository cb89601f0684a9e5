/**
 * `newsletter approve|pin|exclude|note --theme ID ...`: the editor shapes and approves a
 * theme's next issue (stored with the rest of the state: the data folder locally).
 */
import { loadThemes } from '../../adapters/fs/themes-file.ts';
import { UsageError } from '../../errors.ts';
import { wireSendingDeps } from '../../handlers/sending-wiring.ts';
import { approveIssue, excludePassage, pinPassage, setNote } from '../../services/shape-issue.ts';
import type { CommandModule } from '../context.ts';

export const run: CommandModule['run'] = async (args, opts, { config, out, command: name }) => {
  const deps = wireSendingDeps(config, await loadThemes(config.themesFile));
  const themeId = String(opts.theme);
  if (name === 'approve') {
    const r = await approveIssue(deps, themeId);
    if (!('issue' in r)) throw new UsageError(r.reason);
    const line = r.status === 'built' ? `approved ${r.issue.id} (${r.issue.period}): frozen as previewed; it goes out on the schedule or with newsletter send --theme ${themeId}` : `${r.issue.id} was already frozen${r.issue.approvedAt ? ` (approved ${r.issue.approvedAt})` : ''}; use newsletter send --theme ${themeId} --new-edition to make a new edition`;
    out(opts.format === 'json' ? JSON.stringify({ issueId: r.issue.id, period: r.issue.period, status: r.status, approvedAt: r.issue.approvedAt ?? null }) : line);
    return 0;
  }
  if (name === 'pin' || name === 'exclude') {
    const passage = args[0];
    if (!passage) throw new UsageError(`${name} needs a passage id`, `newsletter ${name} --theme ${themeId} PASSAGE_ID`);
    const c = name === 'pin' ? await pinPassage(deps, themeId, passage) : await excludePassage(deps, themeId, passage);
    out(`${themeId}: ${name === 'pin' ? 'pinned' : 'excluded'} ${passage} (pinned ${c.pinned.length}, excluded ${c.excluded.length})`);
    return 0;
  }
  const c = await setNote(deps, themeId, { subject: opts.subject as string | undefined, text: opts.text as string | undefined });
  out(c.note ? `${themeId}: note set${c.note.subject ? `; subject "${c.note.subject}"` : ''}` : `${themeId}: note cleared`);
  return 0;
};
