/**
 * DMARC alignment of an inbound message: a subscribe or unsubscribe by email counts only
 * when the sender's From domain is vouched for: DMARC passed, or (when the domain publishes
 * no DMARC policy) SPF or DKIM passed for a domain aligned with From (relaxed alignment: the
 * same organizational domain).
 */

/** Second-level labels under which registrable domains sit one level deeper (example.co.uk). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'or', 'ne', 'go']);

/** The organizational domain (an approximation of the public-suffix rule). */
export function organizationalDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const keep = labels.at(-1)!.length === 2 && SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** Whether two domains are aligned in the relaxed DMARC sense. */
export function aligned(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && organizationalDomain(a) === organizationalDomain(b);
}

export interface AuthenticationFacts {
  spf: string;
  dkim: string;
  dmarc: string;
  /** Domain SPF checked (the envelope sender's), and the DKIM signing domain. */
  spfDomain: string | null;
  dkimDomain: string | null;
}

/**
 * Whether the From domain is vouched for.
 * @returns null when it is, else the reason to ignore the message
 */
export function alignmentProblem(fromDomain: string, f: AuthenticationFacts): string | null {
  if (f.dmarc === 'PASS') return null;
  if (f.dmarc === 'FAIL') return 'DMARC failed for the sender\'s domain';
  const spfOk = f.spf === 'PASS' && aligned(f.spfDomain, fromDomain);
  const dkimOk = f.dkim === 'PASS' && aligned(f.dkimDomain, fromDomain);
  if (spfOk || dkimOk) return null;
  return `neither SPF (${f.spf}, ${f.spfDomain ?? 'no domain'}) nor DKIM (${f.dkim}, ${f.dkimDomain ?? 'no domain'}) passed for a domain aligned with ${fromDomain}`;
}
