/**
 * The digest's view: the data its template is filled with (subject, preheader, heading,
 * summary, excerpts with safe links, footer with link placeholders), and the plain-text
 * part built from the same data.
 */
import type { Digest } from '../domain/types.ts';
import { safeHttpUrl } from './safe-url.ts';

export interface IssueOptions {
  publicBaseUrl: string;
  postalAddress: string;
  newsletterName?: string;
  lang?: string;
  /** The day the issue is for (its period), YYYY-MM-DD; defaults to the digest's date. */
  issueDate?: string;
  /** The issue's public archive page ("View in your browser"), when the theme keeps an archive. */
  archiveUrl?: string;
}

export interface DigestView {
  lang: string;
  subject: string;
  preheader: string;
  heading: string;
  newsletterName: string;
  themeTitle: string;
  dateLabel: string;
  archiveUrl: string | null;
  /** The editor's note, as paragraphs of plain text (escaped by the template). */
  note: string[];
  summary: { text: string; sourceTitle: string }[];
  /** `byline`: author, site and date of the source, as far as known ("Jane Doe · The Site · 2020-07-01"). */
  excerpts: { text: string; sourceTitle: string; sourceDate: string | null; sourceUrl: string | null; byline: string; why: string }[];
  postalAddress: string;
  links: { unsubscribe: string; preferences: string };
}

export const DEFAULT_NEWSLETTER_NAME = 'The Themed Newsletter';
const SUBJECT_MIN = 30;
const SUBJECT_MAX = 90;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** One line, no control characters: safe for a mail header. */
export function headerSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A subject of 30-90 characters from the issue's content: the theme, the lead excerpt's
 * headline, and the issue's day ("The junior partner: What's really going on between Russia
 * and China · 30 Nov"). Without excerpts: the theme and the date.
 */
export function digestSubject(digest: Digest, dateLabel: string, newsletterName: string): string {
  const lead = digest.excerpts[0]?.sourceTitle?.trim();
  const short = dateLabel.replace(/^(\d{1,2} \w{3})\w* \d{4}$/, '$1');
  let subject: string;
  if (lead && lead.toLowerCase() !== digest.theme.title.toLowerCase()) {
    const head = `${headerSafe(digest.theme.title)}: `;
    const tail = ` · ${short}`;
    subject = `${head}${clip(headerSafe(lead), SUBJECT_MAX - head.length - tail.length)}${tail}`;
  } else subject = headerSafe(`${digest.theme.title}: your digest for ${dateLabel}`);
  if (subject.length < SUBJECT_MIN) subject = `${subject} | ${newsletterName}`;
  return clip(subject, SUBJECT_MAX);
}

/** The editor's subject, with the theme after it when it is short (30-90 characters). */
export function editorSubject(subject: string, themeTitle: string): string {
  const s = headerSafe(subject);
  return clip(s.length < SUBJECT_MIN ? `${s} · ${headerSafe(themeTitle)}` : s, SUBJECT_MAX);
}

/**
 * The preheader: what the issue holds and from where, never a line of the body
 * ("4 passages from 3 sources: What's really going on…, Prospects of…").
 */
export function digestPreheader(digest: Digest): string {
  if (!digest.excerpts.length) return `Nothing new on ${digest.theme.title} this time.`;
  const titles = [...new Set(digest.excerpts.map((e) => e.sourceTitle))];
  const n = digest.excerpts.length;
  return clip(headerSafe(`${n} passage${n === 1 ? '' : 's'} from ${titles.length} source${titles.length === 1 ? '' : 's'}: ${titles.join('; ')}`), 110);
}

/** The short "why this" line of an excerpt: the theme's phrases and words it matched. */
export function whyLine(e: { why: { phrases: string[]; terms: { term: string }[] } }): string {
  const parts = [...e.why.phrases.map((p) => `“${p}”`), ...e.why.terms.map((t) => t.term).filter((t) => !e.why.phrases.some((p) => p.toLowerCase().includes(t.toLowerCase())))].slice(0, 4);
  return parts.length ? `Chosen for: ${parts.join(', ')}` : '';
}

/** Author, site and date of an excerpt's source, those that are known, joined by " · ". */
export function bylineOf(e: { sourceAuthor?: string | null; sourceSite?: string | null; sourceDate: string | null }): string {
  return [e.sourceAuthor, e.sourceSite, e.sourceDate].filter((x): x is string => !!x && !!x.trim()).map((x) => headerSafe(x)).join(' · ');
}

/**
 * Builds the view of a digest.
 * @param placeholders per-recipient link placeholders filled in later by personalize()
 */
export function digestView(digest: Digest, opts: IssueOptions, placeholders: { unsubscribe: string; preferences: string }): DigestView {
  const newsletterName = opts.newsletterName ?? DEFAULT_NEWSLETTER_NAME;
  const day = opts.issueDate && /^\d{4}-\d{2}-\d{2}/.test(opts.issueDate) ? `${opts.issueDate.slice(0, 10)}T12:00:00Z` : digest.generatedAt;
  const dateLabel = new Date(day).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const titleOf = (id: string) => digest.sources.find((s) => s.id === id)?.title ?? digest.excerpts.find((e) => e.sourceId === id)?.sourceTitle ?? id;
  return {
    lang: opts.lang ?? 'en',
    subject: digest.editorial?.subject ? editorSubject(digest.editorial.subject, digest.theme.title) : digestSubject(digest, dateLabel, newsletterName),
    archiveUrl: safeHttpUrl(opts.archiveUrl ?? null),
    note: (digest.editorial?.note ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean),
    preheader: digestPreheader(digest),
    heading: digest.theme.title,
    newsletterName,
    themeTitle: digest.theme.title,
    dateLabel,
    summary: digest.summary.sentences.map((s) => ({ text: s.text, sourceTitle: titleOf(s.sourceId) })),
    excerpts: digest.excerpts.map((e) => ({ text: e.text, sourceTitle: e.sourceTitle, sourceDate: e.sourceDate, sourceUrl: safeHttpUrl(e.sourceUrl), byline: bylineOf(e), why: whyLine(e) })),
    postalAddress: opts.postalAddress,
    links: placeholders,
  };
}

/** The plain-text part of a digest, from the same view. */
export function digestText(view: DigestView): string {
  const lines: string[] = [view.heading, `${view.newsletterName} · ${view.dateLabel}`, ...(view.archiveUrl ? [`View in your browser: ${view.archiveUrl}`] : []), ''];
  if (view.note.length) lines.push(...view.note.flatMap((p) => [p, '']));
  if (view.summary.length) {
    lines.push('IN BRIEF', '');
    for (const s of view.summary) lines.push(`- "${s.text}" (${s.sourceTitle})`);
    lines.push('');
  }
  view.excerpts.forEach((e, i) => {
    lines.push(`${i + 1}. ${e.sourceTitle}${e.byline ? ` (${e.byline})` : ''}`, '', e.text);
    if (e.sourceUrl) lines.push(`Read at the source: ${e.sourceUrl}`);
    lines.push('');
  });
  if (!view.excerpts.length) lines.push('Nothing new on this theme this time.', '');
  lines.push('--', `Unsubscribe from ${view.themeTitle}: ${view.links.unsubscribe}`, `Change your email preferences: ${view.links.preferences}`, view.postalAddress);
  return lines.join('\n');
}
