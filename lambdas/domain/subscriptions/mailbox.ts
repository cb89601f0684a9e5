/**
 * Mailbox folding: which addresses reach one mailbox, so that rate limits count a mailbox
 * and not its spellings, and a suppression covers them too. The one place that knows the
 * providers' rules: plus-tags (everywhere), dots and googlemail.com at Gmail, Fastmail's
 * subdomain addressing (anything@user.fastmail.com), Yahoo's `base-keyword` addresses.
 */

interface Provider {
  /** The sub-address separator this provider delivers on. */
  tag: '+' | '-';
  /** Every tag reaches the mailbox (a bounce of one tag speaks for all); false when tags are created one by one. */
  wildcard: boolean;
  /** Dots in the local part are ignored. */
  dotless?: boolean;
  /** The domain the mailbox is named under (googlemail.com is gmail.com). */
  canonical?: string;
  /** `anything@user.DOMAIN` reaches `user@DOMAIN`. */
  subdomains?: boolean;
}

const plus = (extra: Partial<Provider> = {}): Provider => ({ tag: '+', wildcard: true, ...extra });

/** Providers whose addressing rules are documented; elsewhere only a `+tag` is presumed to be one. */
const PROVIDERS: Record<string, Provider> = {
  'gmail.com': plus({ dotless: true }),
  'googlemail.com': plus({ dotless: true, canonical: 'gmail.com' }),
  'outlook.com': plus(),
  'hotmail.com': plus(),
  'live.com': plus(),
  'icloud.com': plus(),
  'me.com': plus(),
  'proton.me': plus(),
  'protonmail.com': plus(),
  'fastmail.com': plus({ subdomains: true }),
  'fastmail.fm': plus({ subdomains: true }),
  // Yahoo's disposable addresses are `base-keyword@yahoo.com`: the base is not a Yahoo ID (IDs
  // have no `-`), so their mailbox is named `base-`; each keyword is created on its own.
  'yahoo.com': { tag: '-', wildcard: false },
};

export interface Mailbox {
  /** The mailbox the address reaches, for counting and matching (lower case; not always an address one could write to). */
  key: string;
  /**
   * Whether the address certainly speaks for every address with this key: nothing was folded
   * but what the provider documents as the same mailbox whatever the tag. False when a `+tag`
   * was dropped at an unknown domain (where `a+b@` may be a mailbox of its own) or a Yahoo keyword.
   */
  certain: boolean;
}

/** Drops a tag after `sep` (a local part that would be left empty keeps it). */
function untag(local: string, sep: string): { local: string; tagged: boolean } {
  const i = local.indexOf(sep);
  return i > 0 ? { local: local.slice(0, i), tagged: true } : { local, tagged: false };
}

/** The mailbox an address reaches (see Mailbox). */
export function foldMailbox(email: string): Mailbox {
  const e = email.trim().toLowerCase();
  const at = e.lastIndexOf('@');
  if (at < 0) return { key: e, certain: true };
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  const sub = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.([^.]+\.[^.]+)$/.exec(domain);
  if (sub && PROVIDERS[sub[2]]?.subdomains) [local, domain] = [sub[1], sub[2]];
  const provider = PROVIDERS[domain];
  if (!provider) {
    const r = untag(local, '+');
    return { key: `${r.local}@${domain}`, certain: !r.tagged };
  }
  let r = untag(local, '+');
  let certain = provider.tag === '+' || !r.tagged;
  if (provider.tag === '-') {
    const dash = untag(r.local, '-');
    if (dash.tagged) r = { local: `${dash.local}-`, tagged: true };
    certain &&= !dash.tagged || provider.wildcard;
  }
  local = r.local;
  if (provider.dotless) local = local.replace(/\./g, '') || local;
  return { key: `${local}@${provider.canonical ?? domain}`, certain };
}
