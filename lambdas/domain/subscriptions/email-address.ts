/**
 * Email address rules: normalisation (trim, lower-case), validation for syntax, length,
 * header injection and formula-leading local parts, and masking for logs.
 */
import { createHash } from 'node:crypto';

/** Longest address accepted (RFC 5321 path limit). */
export const MAX_EMAIL_LENGTH = 254;
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Characters that make a spreadsheet cell a formula (OWASP CSV injection). */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Trimmed, lower-cased address. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Why an address is refused, or null when it is acceptable.
 * @param email the address as typed
 */
export function emailProblem(email: unknown): string | null {
  if (typeof email !== 'string' || !email.trim()) return 'an email address is required';
  if (/[\r\n\0]/.test(email)) return 'the email address contains a line break';
  const e = email.trim();
  if (e.length > MAX_EMAIL_LENGTH) return `the email address is longer than ${MAX_EMAIL_LENGTH} characters`;
  const [local] = e.split('@');
  if (local.length > 64 || !ADDRESS.test(e) || e.includes('..')) return `'${e.slice(0, 80)}' is not a valid email address`;
  // RFC 5322 allows these, but no real mailbox needs them and a spreadsheet opening the
  // subscribers export would read such a cell as a formula (CSV injection).
  if (FORMULA_START.test(local)) return `'${e.slice(0, 80)}' is not accepted: an address may not start with =, +, - or @`;
  return null;
}

/** Masks an address for logs: a***@example.com. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return domain ? `${local.slice(0, 1)}***@${domain}` : '***';
}

/** SHA-256 of the normalised address: suppression entries keep no plain address. */
export function addressHash(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex');
}
