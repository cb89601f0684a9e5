/**
 * prepareIssue: the issue a theme would send now, built live and never stored: the period,
 * the digest under the theme's history (excerpts of earlier periods left out), the passages
 * other themes keep this week, the editor's pins, exclusions and note, compiled with the
 * period's date. Also the period's frozen edition, if any, and whether the live build now
 * differs from it (the corpus or the templates changed since). The preview, `render`, dry
 * runs and test sends use this; only approve and the first real send freeze (buildIssue).
 */
import { createHash } from 'node:crypto';
import { buildDigest } from '../domain/digest/build-digest.ts';
import { crossThemeExclusions } from '../domain/digest/cross-theme.ts';
import { buildSearchIndex } from '../domain/digest/search-index.ts';
import { currentPeriod, nextPeriod, upcomingPeriod } from '../domain/schedule/period.ts';
import { windowStart } from '../domain/stream/window.ts';
import type { Digest, Theme } from '../domain/types.ts';
import { NO_CHOICES } from '../ports/editorial-store.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { compileIssue } from '../rendering/compile-issue.ts';
import type { SendingDeps } from './sending-deps.ts';

export type PrepareDeps = Pick<SendingDeps, 'issues' | 'corpus' | 'config' | 'clock' | 'editorial'> & { themes?: SendingDeps['themes'] };

export interface PreparedIssue {
  period: string;
  /** The period's latest frozen edition (approved or sent), if any. */
  frozen: StoredIssue | null;
  /** The issue as it would be built now (unsaved); shown even when it would be skipped. */
  live: StoredIssue;
  /** Why a send would skip it (nothing new, not enough material), or null. */
  skipReason: string | null;
  /** Whether the live build differs from the frozen edition (corpus, templates or choices changed). */
  changedSinceFrozen: boolean;
  /** The live issue's MJML source (for `render --format mjml`). */
  liveMjml: string;
}

/** The issue id of a theme's period and edition. */
export function issueId(themeId: string, period: string, edition: number): string {
  const base = `${themeId}-${period.toLowerCase()}`;
  return edition === 1 ? base : `${base}-e${edition}`;
}

/** A fingerprint of what an issue shows (placeholders normalised), to tell whether it changed. */
export function issueFingerprint(issue: Pick<StoredIssue, 'html' | 'text' | 'subject' | 'placeholders'>): string {
  const norm = (s: string) => s.replaceAll(issue.placeholders.unsubscribe, 'UNSUB').replaceAll(issue.placeholders.preferences, 'PREFS');
  return createHash('sha256').update(issue.subject).update('\0').update(norm(issue.html)).update('\0').update(norm(issue.text)).digest('hex').slice(0, 24);
}

/** Why a send would skip the digest (nothing new, not enough material, an empty window), or null. */
export function whyNotSent(digest: Digest, theme: Theme): string | null {
  const window = digest.window;
  if (window && window.articles === 0) return `no article in the last ${window.days} days for '${theme.id}' (window from ${window.from}); nothing sent`;
  const inWindow = window ? ` in the last ${window.days} days` : '';
  if (!digest.excerpts.length) return `nothing new for '${theme.id}'${inWindow || ' since its last issue'}`;
  if (digest.status !== 'not-enough-material') return null;
  return `not enough material for '${theme.id}': ${digest.excerpts.length} relevant passage(s)${inWindow}, the theme wants at least ${theme.minExcerpts ?? 3}; nothing sent`;
}

/** Builds the live issue of the theme's current period (nothing is stored). */
export async function prepareIssue(deps: PrepareDeps, theme: Theme, opts: { scheduled?: boolean } = {}): Promise<PreparedIssue> {
  const now = deps.clock.now();
  // The scheduled run sends the occurrence that just fired; everything else works on the next one.
  const period = opts.scheduled ? currentPeriod(theme, now) : upcomingPeriod(theme, now);
  const all = await deps.issues.listByTheme(theme.id);
  const frozen = all.filter((i) => i.period === period).sort((a, b) => b.edition - a.edition)[0] ?? null;
  const history = new Set(all.filter((i) => i.period < period).flatMap((i) => i.digest.excerpts.map((e) => e.id)));
  // The window counts back from the issue's own instant: the occurrence that fired, or the next one.
  const anchor = opts.scheduled ? now : (nextPeriod(theme, now).at ?? now);
  const loaded = await deps.corpus(windowStart(theme.window, anchor));
  const index = loaded.index ?? buildSearchIndex(loaded.corpus.passages);
  const takenByOtherThemes = crossThemeExclusions(loaded.corpus, deps.themes ?? [theme], { now, index }).get(theme.id);
  const choices = deps.editorial ? await deps.editorial.get(theme.id) : NO_CHOICES;
  const digest = buildDigest(loaded.corpus, theme, { now, excludePassageIds: history, index, takenByOtherThemes, pinned: choices.pinned, excluded: choices.excluded, note: choices.note, anchor });
  const skipReason = whyNotSent(digest, theme);
  const edition = frozen ? frozen.edition + 1 : 1;
  const id = issueId(theme.id, period, frozen ? edition : 1);
  const archiveUrl = theme.archive === false ? undefined : `${deps.config.publicBaseUrl}/archive/${theme.id}/${id}`;
  const compiled = await compileIssue(digest, { templatesDir: deps.config.templatesDir, publicBaseUrl: deps.config.publicBaseUrl, postalAddress: deps.config.postalAddress, newsletterName: deps.config.newsletterName, issueDate: period, archiveUrl });
  const live: StoredIssue = { tracking: theme.tracking ?? 'none', id, themeId: theme.id, period, edition: frozen ? edition : 1, createdAt: now.toISOString(), digest, subject: compiled.subject, preheader: compiled.preheader, html: compiled.html, text: compiled.text, placeholders: compiled.placeholders };
  const changedSinceFrozen = !!frozen && issueFingerprint(frozen) !== issueFingerprint(live);
  return { period, frozen, live, skipReason, changedSinceFrozen, liveMjml: compiled.mjml };
}
