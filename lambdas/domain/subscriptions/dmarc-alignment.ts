/**
 * DMARC alignment of an inbound message: a subscribe or unsubscribe by email counts only
 * when the sender's From domain is vouched for by the receiving server: DMARC passed for that
 * From domain, or (when the domain publishes no DMARC policy) SPF or DKIM passed for a domain
 * aligned with From (relaxed alignment: the same organizational domain, by the public suffix
 * list). The facts come from the receiving server only (see authentication-results.ts).
 */
import { getDomain } from 'tldts';

/** A receiving server's verdict, as SES's receipt event names them. */
export type Verdict = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'NONE';

/**
 * The organizational domain: the registrable domain under the public suffix list (private
 * suffixes included, so two sites under eu.org or github.io are two organizations).
 */
export function organizationalDomain(domain: string): string {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(d, { allowPrivateDomains: true }) ?? d;
}

/** Whether two domains are aligned in the relaxed DMARC sense. */
export function aligned(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && organizationalDomain(a) === organizationalDomain(b);
}

export interface AuthenticationFacts {
  spf: Verdict;
  dkim: Verdict;
  dmarc: Verdict;
  /** The domain SPF checked (the envelope sender's). */
  spfDomain: string | null;
  /** The signing domains whose DKIM signatures passed. */
  dkimDomains: string[];
  /** The From domain the receiving server evaluated DMARC for, when it said. */
  dmarcFrom?: string | null;
}

/**
 * Whether the From domain is vouched for.
 * @returns null when it is, else the reason to ignore the message
 */
export function alignmentProblem(fromDomain: string, f: AuthenticationFacts): string | null {
  if (f.dmarcFrom && f.dmarcFrom.toLowerCase() !== fromDomain.toLowerCase()) return `DMARC was evaluated for ${f.dmarcFrom}, not for the From domain ${fromDomain}`;
  if (f.dmarc === 'PASS') return null;
  if (f.dmarc === 'FAIL') return "DMARC failed for the sender's domain";
  const spfOk = f.spf === 'PASS' && aligned(f.spfDomain, fromDomain);
  const dkimOk = f.dkim === 'PASS' && f.dkimDomains.some((d) => aligned(d, fromDomain));
  if (spfOk || dkimOk) return null;
  return `neither SPF (${f.spf}, ${f.spfDomain ?? 'no domain'}) nor DKIM (${f.dkim}, ${f.dkimDomains.join(' ') || 'no domain'}) passed for a domain aligned with ${fromDomain}`;
}
