/**
 * Feeds: recognises RSS 2.0 (and RDF/RSS 1.0), Atom 1.0 and JSON Feed 1.1 with the feedsmith
 * parser and returns their items as plain article references (address, title, author, date).
 * A document type declaration is removed before parsing, so no DTD is read and no entity is
 * ever expanded (an XML bomb stays inert text).
 */
import { parseFeed } from 'feedsmith';

export interface FeedItem {
  url: string;
  title: string | null;
  author: string | null;
  /** ISO date-time when the feed gives one. */
  date: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json' | 'rdf';
  title: string | null;
  items: FeedItem[];
}

type Any = Record<string, unknown> & { [k: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

const DOCTYPE = /<!DOCTYPE(?:[^[>]*)(?:\[[\s\S]*?\])?\s*>/gi;

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (v && typeof v === 'object' && typeof (v as Any).value === 'string') return ((v as Any).value as string).trim() || null;
  return null;
}

function isoDate(v: unknown): string | null {
  const s = text(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function names(v: unknown): string | null {
  if (!Array.isArray(v)) return text(v);
  const out = v.map((a) => (typeof a === 'string' ? a : text((a as Any)?.name))).filter((x): x is string => !!x);
  return out.length ? out.join(', ') : null;
}

/** An RSS <author> is an address ("jo@x.org (Jo Doe)"): keep the name when there is one. */
function rssAuthor(v: unknown): string | null {
  const raw = names(v);
  if (!raw) return null;
  const m = /\(([^)]+)\)/.exec(raw);
  if (m) return m[1].trim();
  return raw.includes('@') ? null : raw;
}

/** Whether bytes look like a feed rather than an HTML page (by content, not by name). */
export function looksLikeFeed(body: string, contentType: string | null): boolean {
  const type = (contentType ?? '').toLowerCase();
  if (/(rss|atom|feed\+json|application\/json|text\/xml|application\/xml)/.test(type)) return true;
  const head = body.slice(0, 1024).trimStart();
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<(rss|feed|rdf:RDF)\b/i.test(head) || (/^\{/.test(head) && /jsonfeed\.org/.test(body.slice(0, 4096)));
}

/**
 * Parses a feed.
 * @param body the response text
 * @param base the feed's address, to resolve relative item links
 * @throws Error with a one-line reason when it is not a feed this product reads
 */
export function readFeed(body: string, base: string): ParsedFeed {
  const input = body.trimStart().startsWith('{') ? body : body.replace(DOCTYPE, '');
  let parsed: { format: string; feed: Any };
  try {
    parsed = parseFeed(input) as unknown as { format: string; feed: Any };
  } catch (err) {
    throw new Error(`not a feed (${(err as Error).message.split('\n')[0]})`);
  }
  const f = parsed.feed ?? {};
  const resolve = (u: unknown): string | null => {
    const s = text(u);
    if (!s) return null;
    try {
      return new URL(s, base).href;
    } catch {
      return null;
    }
  };
  const items: FeedItem[] = [];
  if (parsed.format === 'atom') {
    for (const e of (f.entries ?? []) as Any[]) {
      const link = ((e.links ?? []) as Any[]).find((l) => !l.rel || l.rel === 'alternate') ?? (e.links ?? [])[0];
      const url = resolve(link?.href) ?? (/^https?:/i.test(text(e.id) ?? '') ? resolve(e.id) : null);
      if (url) items.push({ url, title: text(e.title), author: names(e.authors), date: isoDate(e.published) ?? isoDate(e.updated) });
    }
  } else if (parsed.format === 'json') {
    for (const i of (f.items ?? []) as Any[]) {
      const url = resolve(i.url) ?? resolve(i.external_url);
      if (url) items.push({ url, title: text(i.title), author: names(i.authors) ?? names(i.author ? [i.author] : null), date: isoDate(i.date_published) ?? isoDate(i.date_modified) });
    }
  } else {
    for (const i of (f.items ?? []) as Any[]) {
      const url = resolve(i.link) ?? (i.guid && (i.guid.isPermaLink !== false) ? resolve(typeof i.guid === 'string' ? i.guid : i.guid.value) : null);
      if (url) items.push({ url, title: text(i.title), author: names(i.dc?.creators) ?? names(i.dc?.creator) ?? rssAuthor(i.authors), date: isoDate(i.pubDate) ?? isoDate(i.dc?.date ?? i.dc?.dates?.[0]) });
    }
  }
  return { format: parsed.format as ParsedFeed['format'], title: text(f.title), items };
}

/** Items newest first (undated last, in feed order), at most `max`, one per address. */
export function newestItems(items: FeedItem[], max: number): FeedItem[] {
  const seen = new Set<string>();
  const unique = items.filter((i) => (seen.has(i.url) ? false : (seen.add(i.url), true)));
  return unique
    .map((item, order) => ({ item, order }))
    .sort((a, b) => (b.item.date ?? '').localeCompare(a.item.date ?? '') || a.order - b.order)
    .slice(0, max)
    .map((x) => x.item);
}
