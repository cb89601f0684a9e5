/**
 * What an HTML page declares about itself: canonical link, Open Graph and article meta tags,
 * JSON-LD (NewsArticle, Article, BlogPosting, ...), `<meta name=author>`, `<time datetime>`,
 * the site name, and the headline (og:title, JSON-LD headline, first h1, <title>).
 * Read from the whole document before the body is extracted.
 */
import type { DeclaredMeta } from '../blocks.ts';
import { normalizeText } from '../normalize.ts';

/** The slice of the DOM this module reads (linkedom and browsers both provide it). */
export interface MetaDocument {
  querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null; textContent: string | null }>;
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

const ARTICLE_TYPES = /^(?:News|Report|Scholarly|Tech|Opinion|Analysis|Review|Satirical|Background|Reportage|AskPublicMedia)?Article$|^(?:BlogPosting|LiveBlogPosting|Posting|SocialMediaPosting)$/;

type Json = Record<string, unknown>;

function asName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const names = v.map(asName).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : undefined;
  }
  if (v && typeof v === 'object' && typeof (v as Json).name === 'string') return (v as Json).name as string;
  return undefined;
}

/** The article objects among a JSON-LD block's items (top level, arrays and @graph). */
function jsonLdArticles(text: string): Json[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  const out: Json[] = [];
  const visit = (v: unknown, depth: number) => {
    if (depth > 4 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const o = v as Json;
    const types = ([] as unknown[]).concat(o['@type'] ?? []).map(String);
    if (types.some((t) => ARTICLE_TYPES.test(t))) out.push(o);
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  visit(data, 0);
  return out;
}

const clean = (s: string | null | undefined): string | undefined => {
  const t = s ? normalizeText(s) : '';
  return t || undefined;
};

/**
 * Reads the page's declared metadata.
 * @param doc a parsed document (before extraction changes it)
 */
export function readHtmlMetadata(doc: MetaDocument): DeclaredMeta {
  const meta = new Map<string, string>();
  for (const el of doc.querySelectorAll('meta[content]')) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').toLowerCase().trim();
    const content = el.getAttribute('content');
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  const ld: Json = {};
  for (const el of doc.querySelectorAll('script[type="application/ld+json"]')) {
    for (const a of jsonLdArticles(el.textContent ?? '')) for (const [k, v] of Object.entries(a)) if (!(k in ld)) ld[k] = v;
  }
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const h1 = clean(doc.querySelector('h1')?.textContent);
  const titleTag = clean(doc.querySelector('title')?.textContent);
  const timeEl = doc.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
  const metaAuthor = meta.get('author') ?? meta.get('article:author') ?? meta.get('parsely-author') ?? meta.get('sailthru.author') ?? meta.get('dc.creator');
  const declared: DeclaredMeta = {
    title: clean(meta.get('og:title') ?? meta.get('twitter:title') ?? asName(ld.headline)) ?? h1 ?? titleTag,
    date: meta.get('article:published_time') ?? (typeof ld.datePublished === 'string' ? ld.datePublished : undefined) ?? meta.get('datepublished') ?? meta.get('date') ?? meta.get('pubdate') ?? meta.get('publish-date') ?? meta.get('dc.date') ?? meta.get('parsely-pub-date') ?? timeEl,
    url: canonical ?? meta.get('og:url') ?? (typeof ld.url === 'string' ? ld.url : undefined),
    author: clean(asName(ld.author) ?? (metaAuthor && !/^https?:/i.test(metaAuthor) ? metaAuthor : undefined)),
    site: clean(meta.get('og:site_name') ?? asName(ld.publisher) ?? meta.get('application-name')),
  };
  for (const k of Object.keys(declared) as (keyof DeclaredMeta)[]) if (declared[k] === undefined) delete declared[k];
  return declared;
}
