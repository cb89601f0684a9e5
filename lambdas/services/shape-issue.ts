/**
 * Shaping a theme's next issue (`newsletter pin|exclude|note`, and the preview's buttons):
 * pin a passage (always in), exclude one (never in), set or clear the note and subject that
 * stand above the excerpts; and approve, which freezes the issue as previewed. Unknown
 * themes and passages are one-line errors; nothing is stored on error.
 */
import { findTheme } from '../domain/themes/find-theme.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { EditorialChoices } from '../ports/editorial-store.ts';
import { buildIssue, type BuildResult } from './build-issue.ts';
import type { PrepareDeps } from './prepare-issue.ts';
import type { SendingDeps } from './sending-deps.ts';

type ShapeDeps = PrepareDeps & Pick<SendingDeps, 'themes'>;

async function update(deps: ShapeDeps, themeId: string, change: (c: EditorialChoices) => EditorialChoices): Promise<EditorialChoices> {
  findTheme(deps.themes, themeId);
  if (!deps.editorial) throw new ValidationError('editorial choices are not wired in this deployment');
  const next = { ...change(await deps.editorial.get(themeId)), updatedAt: deps.clock.now().toISOString() };
  await deps.editorial.put(themeId, next);
  return next;
}

async function assertPassage(deps: ShapeDeps, passageId: string): Promise<void> {
  const { corpus } = await deps.corpus();
  if (!corpus.passages.some((p) => p.id === passageId)) {
    const merged = corpus.merged.find((m) => m.passage.id === passageId);
    if (merged) throw new ValidationError(`passage '${passageId}' is a copy of '${merged.into}'`, `use '${merged.into}'`);
    throw new NotFoundError(`passage '${passageId}'`, 'passage ids are in the preview\'s why panel and in newsletter digest --theme ID');
  }
}

/** Pins a passage into the theme's next issues (and lifts an exclusion of it). */
export async function pinPassage(deps: ShapeDeps, themeId: string, passageId: string): Promise<EditorialChoices> {
  findTheme(deps.themes, themeId);
  await assertPassage(deps, passageId);
  return update(deps, themeId, (c) => ({ ...c, pinned: [...new Set([...c.pinned, passageId])], excluded: c.excluded.filter((x) => x !== passageId) }));
}

/** Keeps a passage out of the theme's issues (and unpins it). */
export async function excludePassage(deps: ShapeDeps, themeId: string, passageId: string): Promise<EditorialChoices> {
  findTheme(deps.themes, themeId);
  await assertPassage(deps, passageId);
  return update(deps, themeId, (c) => ({ ...c, excluded: [...new Set([...c.excluded, passageId])], pinned: c.pinned.filter((x) => x !== passageId) }));
}

/** Lifts a pin or an exclusion. */
export async function releasePassage(deps: ShapeDeps, themeId: string, passageId: string): Promise<EditorialChoices> {
  return update(deps, themeId, (c) => ({ ...c, excluded: c.excluded.filter((x) => x !== passageId), pinned: c.pinned.filter((x) => x !== passageId) }));
}

/** Sets the note and/or subject (an empty string clears it). */
export async function setNote(deps: ShapeDeps, themeId: string, input: { subject?: string; text?: string }): Promise<EditorialChoices> {
  if (input.subject === undefined && input.text === undefined) throw new ValidationError('give --subject TEXT and/or --text TEXT (an empty text clears it)');
  const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if ((input.subject ?? '').length > 200) throw new ValidationError('the subject is longer than 200 characters');
  if ((input.text ?? '').length > 5000) throw new ValidationError('the note is longer than 5,000 characters');
  return update(deps, themeId, (c) => {
    const note = { subject: input.subject === undefined ? (c.note?.subject ?? null) : clean(input.subject).replace(/\n/g, ' ') || null, text: input.text === undefined ? (c.note?.text ?? null) : clean(input.text) || null };
    return { ...c, note: note.subject || note.text ? note : null };
  });
}

/** Approves the theme's issue of the current period: freezes it as previewed. */
export async function approveIssue(deps: ShapeDeps, themeId: string): Promise<BuildResult> {
  return buildIssue(deps, findTheme(deps.themes, themeId), { approve: true });
}
