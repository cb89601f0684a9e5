/**
 * Where a collected page lives in the corpus: `<host>/<slug>.html`, a pure function of its
 * address, so a second run finds the file (and its sidecar) a first run wrote. Also the
 * link policy: only http(s) is fetched.
 *
 * The host folder is the host name, with `_<port>` when the port is not the scheme's default
 * (`127.0.0.1_8080/`): two servers on one host are two sites. http and https of one host
 * name, path and query share a file: the web treats them as one article (sites redirect one
 * to the other, HSTS upgrades links), and one file keeps it from entering the digest twice;
 * collectArticles fetches only the first of them in a run, so neither overwrites the other
 * there, and the sidecar's `url` says which address the file came from.
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

/** The address as an article: no fragment, and http and https alike (see the header). */
function sameArticleKey(raw: string): string {
  return pageKey(raw).replace(/^http:/, 'https:');
}

/**
 * The corpus path of a page.
 * @param raw the page's address (http or https)
 */
export function corpusPathFor(raw: string): string {
  const u = new URL(raw);
  // `_` never survives in the name part (it becomes `-`), so `_<port>` cannot collide with a host.
  const name = u.hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^\.+/, '') || 'unknown-host';
  const host = u.port ? `${name}_${u.port}` : name; // URL drops the scheme's default port
  const parts = u.pathname.split('/').map((p) => decodeURIComponentSafe(p).toLowerCase().replace(/\.(html?|php|aspx?|jsp)$/, '').normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')).filter(Boolean);
  let slug = parts.join('-') || 'index';
  const needsHash = slug.length > MAX_SLUG || !!u.search;
  if (needsHash) slug = `${slug.slice(0, MAX_SLUG).replace(/-+$/, '')}-${createHash('sha256').update(sameArticleKey(raw)).digest('hex').slice(0, 8)}`;
  return `${host}/${slug}.html`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
