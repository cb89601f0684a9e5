/**
 * Where a collected page lives in the corpus: `<host>/<slug>.html`, a pure function of its
 * address, so a second run finds the file (and its sidecar) a first run wrote. Also the
 * link policy: only http(s) is fetched.
 */
import { createHash } from 'node:crypto';

const MAX_SLUG = 80;

/** Why an address is not fetched, or null when it may be (http and https only). */
export function unfetchableReason(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a valid address';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${u.protocol.replace(/:$/, '')}: addresses are not fetched (http and https only)`;
  if (u.username || u.password) return 'addresses with credentials are not fetched';
  return null;
}

/** The address without its fragment (one file per page, whatever the anchor). */
export function pageKey(raw: string): string {
  const u = new URL(raw);
  u.hash = '';
  return u.href;
}

/**
 * The corpus path of a page.
 * @param raw the page's address (http or https)
 */
export function corpusPathFor(raw: string): string {
  const u = new URL(raw);
  const host = u.hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^\.+/, '') || 'unknown-host';
  const parts = u.pathname.split('/').map((p) => decodeURIComponentSafe(p).toLowerCase().replace(/\.(html?|php|aspx?|jsp)$/, '').normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean);
  let slug = parts.join('-') || 'index';
  const needsHash = slug.length > MAX_SLUG || !!u.search;
  if (needsHash) slug = `${slug.slice(0, MAX_SLUG).replace(/-+$/, '')}-${createHash('sha256').update(pageKey(raw)).digest('hex').slice(0, 8)}`;
  return `${host}/${slug}.html`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
