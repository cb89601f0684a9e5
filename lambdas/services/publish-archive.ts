/**
 * publishArchive: puts a sent issue on the public archive: its page, the theme's list of
 * issues and feeds (Atom 1.0, JSON Feed 1.1) and the index of themes. Called by the real
 * send path only (never by a dry run or a test send); nothing personal is published (no
 * reader links: the pages come from the issue's digest, not from a reader's mail). A theme
 * with `archive: false` is not published.
 */
import { atomFeed, jsonFeed, type ArchiveEntry } from '../domain/archive/archive-feeds.ts';
import type { Theme } from '../domain/types.ts';
import type { ArchiveStore } from '../ports/archive-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { renderArchiveIndex, renderArchiveIssue, renderArchiveTheme, type ArchiveSite } from '../rendering/render-archive.ts';
import type { Config } from '../config.ts';

export interface ArchiveDeps {
  archive: ArchiveStore;
  config: Config;
  themes: Theme[];
  clock: Clock;
}

/** The public address of an issue's archive page (also the "view in your browser" link). */
export function archiveUrl(publicBaseUrl: string, themeId: string, issueId?: string): string {
  return `${publicBaseUrl}/archive/${themeId}/${issueId ?? ''}`;
}

const dayLabel = (period: string) => new Date(`${period.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

async function manifest(archive: ArchiveStore, themeId: string): Promise<ArchiveEntry[]> {
  const m = await archive.get(`_manifest/${themeId}.json`);
  if (!m) return [];
  try {
    return JSON.parse(m.body.toString('utf8')) as ArchiveEntry[];
  } catch {
    return [];
  }
}

/**
 * Publishes an issue (idempotent: publishing it again rewrites the same files).
 * @returns the issue's archive address, or null when the theme keeps no archive
 */
export async function publishArchive(deps: ArchiveDeps, issue: StoredIssue): Promise<string | null> {
  const theme = deps.themes.find((t) => t.id === issue.themeId);
  if (!theme || theme.archive === false) return null;
  const base = deps.config.publicBaseUrl;
  const site: ArchiveSite = { publicBaseUrl: base, newsletterName: deps.config.newsletterName, templatesDir: deps.config.templatesDir };
  const url = archiveUrl(base, theme.id, issue.id);
  const subscribeAction = `${base}/subscribe`;
  const page = await renderArchiveIssue(site, issue.digest, { subject: issue.subject, period: issue.period, themeUrl: archiveUrl(base, theme.id), subscribeAction });
  await deps.archive.put(`${theme.id}/${issue.id}`, page, 'text/html; charset=utf-8');
  const body = /<main>([\s\S]*)<\/main>/.exec(page)?.[1] ?? '';
  const entry: ArchiveEntry = { issueId: issue.id, themeId: theme.id, subject: issue.subject, period: issue.period, publishedAt: deps.clock.now().toISOString(), summary: issue.preheader, url, contentHtml: body.replace(/<form[\s\S]*?<\/form>/g, '') };
  const entries = [entry, ...(await manifest(deps.archive, theme.id)).filter((e) => e.issueId !== issue.id)].sort((a, b) => b.period.localeCompare(a.period) || b.publishedAt.localeCompare(a.publishedAt));
  await deps.archive.put(`_manifest/${theme.id}.json`, JSON.stringify(entries), 'application/json');
  const themeUrl = archiveUrl(base, theme.id);
  const feeds = { title: `${theme.title} · ${deps.config.newsletterName}`, description: theme.description, pageUrl: themeUrl, entries };
  await deps.archive.put(`${theme.id}/feed.xml`, atomFeed({ ...feeds, selfUrl: `${themeUrl}feed.xml`, updated: entries[0].publishedAt }), 'application/atom+xml; charset=utf-8');
  await deps.archive.put(`${theme.id}/feed.json`, jsonFeed({ ...feeds, selfUrl: `${themeUrl}feed.json` }), 'application/feed+json; charset=utf-8');
  await deps.archive.put(
    `${theme.id}/index.html`,
    await renderArchiveTheme(site, { title: theme.title, description: theme.description, indexUrl: `${base}/archive/`, atomUrl: `${themeUrl}feed.xml`, jsonUrl: `${themeUrl}feed.json`, issues: entries.map((e) => ({ url: e.url, subject: e.subject, dateLabel: dayLabel(e.period) })), subscribe: { action: subscribeAction, title: theme.title, themeId: theme.id } }),
    'text/html; charset=utf-8',
  );
  const index = await Promise.all(
    deps.themes.filter((t) => t.archive !== false).map(async (t) => {
      const es = t.id === theme.id ? entries : await manifest(deps.archive, t.id);
      return { url: archiveUrl(base, t.id), title: t.title, description: t.description, count: es.length, latest: es[0] ? dayLabel(es[0].period) : null };
    }),
  );
  await deps.archive.put('index.html', await renderArchiveIndex(site, index.filter((t) => t.count > 0)), 'text/html; charset=utf-8');
  return url;
}
