/**
 * Sidecar metadata: `<file>.meta.json` written by `collect` (or by hand) beside a corpus
 * file, `{url, canonical, title, author, date, site, feed, fetchedAt, etag, lastModified}`
 * (plus `charset` when the server declared one). Parsed as untrusted JSON: only string fields are read, links only when http(s).
 */
import type { DeclaredMeta } from './blocks.ts';
import { normalizeText } from './normalize.ts';
import { httpAddress } from './source-address.ts';

/** Suffix of a sidecar file's name. */
export const SIDECAR_SUFFIX = '.meta.json';

/** The corpus file a sidecar describes, or null when `id` is not a sidecar. */
export function sidecarTarget(id: string): string | null {
  return id.endsWith(SIDECAR_SUFFIX) && id.length > SIDECAR_SUFFIX.length ? id.slice(0, -SIDECAR_SUFFIX.length) : null;
}

/** Everything a sidecar holds (what `collect` writes). */
export interface Sidecar {
  url: string | null;
  canonical: string | null;
  title: string | null;
  author: string | null;
  date: string | null;
  site: string | null;
  feed: string | null;
  fetchedAt: string | null;
  etag: string | null;
  lastModified: string | null;
  /** The charset the server declared for the page, when it did. */
  charset: string | null;
}

const FIELDS = ['url', 'canonical', 'title', 'author', 'date', 'site', 'feed', 'fetchedAt', 'etag', 'lastModified', 'charset'] as const;


/**
 * Parses a sidecar's bytes.
 * @returns the sidecar, or an error message for a warning
 */
export function parseSidecar(bytes: Uint8Array): { sidecar: Sidecar } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8').decode(bytes));
  } catch (err) {
    return { error: `sidecar is not valid JSON (${(err as Error).message.split('\n')[0]}); ignored` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: 'sidecar is not a JSON object; ignored' };
  const out = Object.create(null) as Sidecar;
  for (const f of FIELDS) {
    const v = Object.prototype.hasOwnProperty.call(data, f) ? (data as Record<string, unknown>)[f] : null;
    out[f] = typeof v === 'string' && v.trim() ? v.trim().slice(0, 2000) : null;
  }
  out.url = httpAddress(out.url);
  out.canonical = httpAddress(out.canonical);
  out.feed = httpAddress(out.feed);
  return { sidecar: { ...out } };
}

/**
 * The metadata a sidecar declares for ingestion: the fetched address as `url` and the page's
 * canonical claim apart (source-address.ts decides which one links).
 */
export function sidecarMeta(s: Sidecar): DeclaredMeta {
  const m: DeclaredMeta = {};
  if (s.url) m.url = s.url;
  if (s.canonical) m.canonical = s.canonical;
  if (s.title) m.title = normalizeText(s.title);
  if (s.author) m.author = normalizeText(s.author);
  if (s.date) m.date = s.date;
  if (s.site) m.site = normalizeText(s.site);
  return m;
}
