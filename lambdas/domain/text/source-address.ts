/**
 * Source address: which URL an article is linked by. The address it was fetched from (after
 * redirects) wins; a page's own canonical claim replaces it only on the same registrable
 * domain (dropping tracking parameters), and a claim on another domain is kept apart as
 * `canonical`, never used for links or for the site's name.
 */
import { getDomain } from 'tldts';

/** The address chosen for a source and the canonical claim kept beside it. */
export interface SourceAddress {
  /** The address links and attribution use. */
  url: string | null;
  /** The page's canonical claim when it differs from `url` (another registrable domain). */
  canonical: string | null;
  /** Whether the page claims to belong to another registrable domain than the one it came from. */
  foreign: boolean;
}

/** An absolute http(s) address, resolved against `base` when relative; null otherwise. */
export function httpAddress(href: string | null | undefined, base?: string | null): string | null {
  if (!href) return null;
  try {
    const u = base ? new URL(href, base) : new URL(href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The registrable domain of an address (eTLD+1 by the Public Suffix List: `bbc.co.uk` for
 * `www.bbc.co.uk`); the bare host for IP addresses, `localhost` and unlisted suffixes.
 */
export function registrableDomain(address: string): string | null {
  let host: string;
  try {
    host = new URL(address).hostname.toLowerCase();
  } catch {
    return null;
  }
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/**
 * Chooses the address of a source.
 * @param fetched the address the file was fetched from (sidecar `url`, front matter `url`), if any
 * @param claimed the page's canonical claim (sidecar `canonical`, `<link rel=canonical>`, `og:url`)
 */
export function chooseSourceAddress(fetched: string | null | undefined, claimed: string | null | undefined): SourceAddress {
  const from = httpAddress(fetched);
  const claim = httpAddress(claimed, from);
  if (!from) return { url: claim, canonical: null, foreign: false };
  if (!claim || claim === from) return { url: from, canonical: null, foreign: false };
  const sameSite = registrableDomain(claim) === registrableDomain(from);
  if (sameSite) return { url: claim, canonical: null, foreign: false };
  return { url: from, canonical: claim, foreign: true };
}

/** A site's name from its address when nothing trustworthy names it: the host without `www.`. */
export function siteFromAddress(address: string | null): string | null {
  if (!address) return null;
  try {
    return new URL(address).hostname.replace(/^www\./i, '') || null;
  } catch {
    return null;
  }
}

/**
 * The site's name for a chosen address. A page that claims another domain's canonical also
 * tends to carry that domain's `og:site_name`; then only a name given apart from the page
 * (the sidecar's, e.g. the feed's title) or the kept address's host names the site.
 * @param address the chosen address
 * @param given the name the sidecar or front matter gives
 * @param declared the name the page itself declares
 */
export function siteForAddress(address: SourceAddress, given: string | undefined, declared: string | undefined): string | undefined {
  if (!address.foreign) return given ?? declared;
  if (given && given !== declared) return given;
  return siteFromAddress(address.url) ?? undefined;
}
