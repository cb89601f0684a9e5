/**
 * buildIssue: one issue per (theme, period), frozen on first build. Later builds of the
 * period reuse it; `newEdition` makes edition N+1 from the current corpus and templates
 * under the same history (excerpts of earlier periods are left out). A paused theme, or one
 * with nothing new, is skipped with a reason.
 */
import { buildDigest } from '../domain/digest/build-digest.ts';
import { crossThemeExclusions } from '../domain/digest/cross-theme.ts';
import { buildSearchIndex } from '../domain/digest/search-index.ts';
import { currentPeriod } from '../domain/schedule/period.ts';
import type { Theme } from '../domain/types.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { compileIssue } from '../rendering/compile-issue.ts';
import type { SendingDeps } from './sending-deps.ts';

export type BuildResult = { status: 'built' | 'reused'; issue: StoredIssue } | { status: 'skipped'; reason: string; period: string };

/** The issue id of a theme's period and edition. */
export function issueId(themeId: string, period: string, edition: number): string {
  const base = `${themeId}-${period.toLowerCase()}`;
  return edition === 1 ? base : `${base}-e${edition}`;
}

/** Builds (or reuses) the issue of the theme's current period. */
export async function buildIssue(deps: Pick<SendingDeps, 'issues' | 'corpus' | 'config' | 'clock'> & { themes?: SendingDeps['themes'] }, theme: Theme, opts: { newEdition?: boolean } = {}): Promise<BuildResult> {
  const now = deps.clock.now();
  const period = currentPeriod(theme, now);
  if (theme.paused) return { status: 'skipped', reason: `theme '${theme.id}' is paused`, period };
  const all = await deps.issues.listByTheme(theme.id);
  const latest = all.filter((i) => i.period === period).sort((a, b) => b.edition - a.edition)[0];
  if (latest && !opts.newEdition) return { status: 'reused', issue: latest };
  const history = new Set(all.filter((i) => i.period < period).flatMap((i) => i.digest.excerpts.map((e) => e.id)));
  const loaded = await deps.corpus();
  const { corpus } = loaded;
  const index = loaded.index ?? buildSearchIndex(corpus.passages);
  // One passage, one issue: what another theme's issue of the week keeps is left to it.
  const takenByOtherThemes = crossThemeExclusions(corpus, deps.themes ?? [theme], { now, index }).get(theme.id);
  const digest = buildDigest(corpus, theme, { now, excludePassageIds: history, index, takenByOtherThemes });
  if (!digest.excerpts.length) return { status: 'skipped', reason: `nothing new for '${theme.id}' since its last issue`, period };
  if (digest.status === 'not-enough-material') return { status: 'skipped', reason: `not enough material for '${theme.id}': ${digest.excerpts.length} relevant passage(s), the theme wants at least ${theme.minExcerpts ?? 3}; nothing sent`, period };
  const edition = latest ? latest.edition + 1 : 1;
  const compiled = await compileIssue(digest, { templatesDir: deps.config.templatesDir, publicBaseUrl: deps.config.publicBaseUrl, postalAddress: deps.config.postalAddress, newsletterName: deps.config.newsletterName, issueDate: period });
  const put = await deps.issues.putIfAbsent({
    id: issueId(theme.id, period, edition),
    themeId: theme.id,
    period,
    edition,
    createdAt: now.toISOString(),
    digest,
    subject: compiled.subject,
    preheader: compiled.preheader,
    html: compiled.html,
    text: compiled.text,
    placeholders: compiled.placeholders,
  });
  return { status: put.created ? 'built' : 'reused', issue: put.issue };
}
