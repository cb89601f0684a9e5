/**
 * The archive's pages from the templates in templates/archive/ (Handlebars, every value
 * HTML-escaped): the index of themes, a theme's list of issues with its feeds and a
 * subscribe form, and an issue as a web page made from the same view as the email, with no
 * personal link in it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Digest } from '../domain/types.ts';
import { digestView } from './digest-view.ts';
import { TemplateError } from './template-error.ts';

type Name = 'index' | 'theme' | 'issue';

async function compile(templatesDir: string, name: Name): Promise<(data: unknown) => string> {
  const dir = path.join(templatesDir, 'archive');
  const file = path.join(dir, `${name}.html`);
  const hb = Handlebars.create();
  for (const p of await readdir(path.join(dir, 'partials')).catch(() => [] as string[])) {
    if (p.endsWith('.html')) hb.registerPartial(p.replace(/\.html$/, ''), await readFile(path.join(dir, 'partials', p), 'utf8'));
  }
  try {
    return hb.compile(await readFile(file, 'utf8'), { knownHelpersOnly: true, strict: false });
  } catch (err) {
    throw new TemplateError(file, null, (err as Error).message.split('\n')[0]);
  }
}

export interface ArchiveSite {
  publicBaseUrl: string;
  newsletterName: string;
  templatesDir: string;
}

/** The issue page. */
export async function renderArchiveIssue(site: ArchiveSite, digest: Digest, opts: { subject: string; period: string; themeUrl: string; subscribeAction: string | null }): Promise<string> {
  const view = digestView(digest, { publicBaseUrl: site.publicBaseUrl, postalAddress: '', newsletterName: site.newsletterName, issueDate: opts.period }, { unsubscribe: '', preferences: '' });
  const t = await compile(site.templatesDir, 'issue');
  return t({ ...view, links: undefined, subject: opts.subject, themeUrl: opts.themeUrl, subscribe: opts.subscribeAction ? { action: opts.subscribeAction, title: digest.theme.title, themeId: digest.theme.id } : null });
}

/** A theme's page. */
export async function renderArchiveTheme(site: ArchiveSite, data: { title: string; description: string; indexUrl: string; atomUrl: string; jsonUrl: string; issues: { url: string; subject: string; dateLabel: string }[]; subscribe: { action: string; title: string; themeId: string } | null }): Promise<string> {
  return (await compile(site.templatesDir, 'theme'))({ lang: 'en', newsletterName: site.newsletterName, ...data });
}

/** The index page. */
export async function renderArchiveIndex(site: ArchiveSite, themes: { url: string; title: string; description: string; count: number; latest: string | null }[]): Promise<string> {
  return (await compile(site.templatesDir, 'index'))({ lang: 'en', newsletterName: site.newsletterName, themes });
}
