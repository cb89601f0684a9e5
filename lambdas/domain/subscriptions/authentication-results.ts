/**
 * The receiving server's verdict on an inbound message, read from the one Authentication-Results
 * header (RFC 8601) it wrote. Anyone can write an Authentication-Results header into the mail
 * they send, so only the topmost one counts (the receiving server prepends its own, above
 * everything the sender wrote), and only when its authserv-id is the one configured as trusted
 * (amazonses.com on AWS). Every other Authentication-Results header is ignored.
 */
import type { AuthenticationFacts, Verdict } from './dmarc-alignment.ts';

/** The authserv-id Amazon SES writes in the Authentication-Results header it prepends. */
export const SES_AUTHSERV_ID = 'amazonses.com';

export interface MethodResult {
  /** spf, dkim, dmarc, ... (lower case). */
  method: string;
  /** pass, fail, none, ... (lower case). */
  result: string;
  /** Properties such as smtp.mailfrom, header.d, header.i, header.from, and SES's envelope-from. */
  props: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: MethodResult[];
}

/** Removes RFC 5322 comments (nested, with escapes), keeping quoted strings as written. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && (quoted || depth)) {
      if (!depth) out += c + (value[i + 1] ?? '');
      i++;
    } else if (depth) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '"') (quoted = true), (out += c);
    else if (c === '(') depth = 1;
    else out += c;
  }
  return out;
}

/** Splits on `;` outside quoted strings. */
function elements(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) (out.push(cur), (cur = ''));
    else cur += c;
  }
  out.push(cur);
  return out.map((e) => e.trim());
}

const unquote = (s: string) => (s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);

/**
 * Parses one Authentication-Results value, also in the shape SES writes (properties such as
 * `client-ip=...; envelope-from=...; helo=...;` as elements of their own after `spf=`, which
 * belong to the result before them).
 */
export function parseAuthenticationResults(value: string): AuthenticationResults {
  const [head = '', ...rest] = elements(withoutComments(value.replace(/\r?\n[ \t]/g, ' ')));
  // The authserv-id may carry a version (`amazonses.com 1`).
  const authservId = head.split(/\s+/)[0].toLowerCase();
  const results: MethodResult[] = [];
  let current: MethodResult | null = null;
  for (const element of rest) {
    const tokens = element.split(/\s+/).filter(Boolean);
    if (!tokens.length) continue;
    const start = /^([A-Za-z0-9-]+)=([A-Za-z]+)$/.exec(tokens[0]);
    const isResult = start && !['client-ip', 'envelope-from', 'helo', 'reason'].includes(start[1].toLowerCase());
    if (isResult) {
      current = { method: start[1].toLowerCase(), result: start[2].toLowerCase(), props: {} };
      results.push(current);
      tokens.shift();
    }
    if (!current) continue;
    for (const t of tokens) {
      const eq = t.indexOf('=');
      if (eq <= 0) continue;
      const key = t.slice(0, eq).toLowerCase();
      // The first value of a property is the result's own; a repeat is not allowed to overwrite it.
      if (!(key in current.props)) current.props[key] = unquote(t.slice(eq + 1));
    }
  }
  return { authservId, results };
}

/**
 * The receiving server's results: the topmost Authentication-Results header, when its
 * authserv-id is the trusted one; null otherwise (then the message carries no verdict to trust).
 * @param headerLines the message's header fields in order, as `Name: value` lines (unfolding is done here)
 * @param trustedId the authserv-id of the receiving server (amazonses.com on AWS)
 */
export function trustedAuthenticationResults(headerLines: readonly { key: string; line: string }[], trustedId: string = SES_AUTHSERV_ID): AuthenticationResults | null {
  const top = headerLines.find((h) => h.key.toLowerCase() === 'authentication-results');
  if (!top) return null;
  const parsed = parseAuthenticationResults(top.line.replace(/^[^:]*:/, ''));
  return parsed.authservId === trustedId.toLowerCase() ? parsed : null;
}

/** The domain of an address or a bare domain (`user@d`, `@d`, `<user@d>`, `d`), lower case; null when there is none. */
export function domainOf(value: string | undefined | null): string | null {
  if (!value) return null;
  const v = value.trim().replace(/^<|>$/g, '');
  const d = v.slice(v.lastIndexOf('@') + 1).toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(d) ? d : null;
}

/** The domain SPF checked: `smtp.mailfrom` (RFC 8601) or SES's `envelope-from`. */
export function spfDomainOf(r: MethodResult): string | null {
  return domainOf(r.props['smtp.mailfrom'] ?? r.props['envelope-from']);
}

/** The signing domain of a DKIM result: `header.d`, else the domain of `header.i` (SES writes `header.i=@example.com`). */
export function dkimDomainOf(r: MethodResult): string | null {
  return domainOf(r.props['header.d'] ?? r.props['header.i']);
}

/** The verdicts SES hands the receipt Lambda (`receipt.spfVerdict.status`, ...), with the envelope sender (`mail.source`). */
export interface ReceiptVerdicts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  /** The envelope MAIL FROM address, the one SPF checked. */
  envelopeFrom?: string | null;
}

function verdictOf(result: string | undefined): Verdict {
  if (result === undefined) return 'NONE';
  if (result === 'pass') return 'PASS';
  if (result === 'none' || result === 'neutral') return 'GRAY';
  return 'FAIL';
}

/**
 * What the receiving server vouched for: its receipt verdicts when the handler has them (SES's
 * receipt event), else the verdicts of its trusted header; domains from the receipt's envelope
 * sender and the trusted header only. With neither, nothing passed.
 */
export function authenticationFacts(trusted: AuthenticationResults | null, receipt?: ReceiptVerdicts): AuthenticationFacts {
  const of = (method: string) => trusted?.results.filter((r) => r.method === method) ?? [];
  const spf = of('spf')[0];
  const dkim = of('dkim');
  const dmarc = of('dmarc')[0];
  const headerDkim: Verdict = dkim.some((r) => r.result === 'pass') ? 'PASS' : dkim.length ? verdictOf(dkim[0].result) : 'NONE';
  return {
    spf: receipt?.spf ?? verdictOf(spf?.result),
    dkim: receipt?.dkim ?? headerDkim,
    dmarc: receipt?.dmarc ?? verdictOf(dmarc?.result),
    spfDomain: domainOf(receipt?.envelopeFrom) ?? (spf ? spfDomainOf(spf) : null),
    dkimDomains: dkim.filter((r) => r.result === 'pass').map(dkimDomainOf).filter((d): d is string => !!d),
    dmarcFrom: dmarc ? domainOf(dmarc.props['header.from']) : null,
  };
}
