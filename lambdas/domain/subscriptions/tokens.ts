/**
 * Signed link tokens: HMAC-SHA256 over a small payload bound to a purpose, an address and
 * (optionally) a theme, base64url-encoded, with a key id so the secret can rotate.
 * Format: `<kid>.<payload>.<signature>`. Confirmation, undo and preferences tokens expire;
 * unsubscribe tokens never do. A token may carry when it was issued, so a link can be bound
 * to the state it was made in. Verification compares in constant time and says why a token
 * is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidTokenError } from '../../errors.ts';
import { normalizeEmail } from './email-address.ts';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences' | 'undo';

export interface TokenPayload {
  purpose: TokenPurpose;
  email: string;
  /** Theme id, or null for "all themes". */
  theme: string | null;
  /** Expiry in epoch seconds, or null for never. */
  expiresAt: number | null;
  /** When the token was issued, in epoch milliseconds (absent in tokens made before it was recorded). */
  issuedAt?: number | null;
}

/** Signing keys by id, and the id that signs new tokens. */
export interface TokenKeys {
  keys: Readonly<Record<string, string>>;
  current: string;
}

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

function sign(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Signs a token.
 * @param payload purpose, address, theme and expiry
 */
export function signToken(payload: TokenPayload, keys: TokenKeys): string {
  const secret = keys.keys[keys.current];
  if (!secret) throw new Error(`no token key '${keys.current}'`);
  const body = b64(JSON.stringify({ p: payload.purpose, e: normalizeEmail(payload.email), t: payload.theme, x: payload.expiresAt, ...(payload.issuedAt != null ? { i: payload.issuedAt } : {}) }));
  const data = `${keys.current}.${body}`;
  return `${data}.${b64(sign(secret, data))}`;
}

/**
 * Verifies a token for one purpose.
 * @throws InvalidTokenError naming why: malformed, unknown key, bad signature, wrong purpose, expired
 */
export function verifyToken(token: string, keys: TokenKeys, expect: { purpose: TokenPurpose | TokenPurpose[]; now: Date }): TokenPayload {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p)) || token.length > 2048) throw new InvalidTokenError('malformed token');
  const [kid, body, signature] = parts;
  // Own keys only: a key id such as "__proto__" or "constructor" is just unknown.
  const secret = Object.prototype.hasOwnProperty.call(keys.keys, kid) ? keys.keys[kid] : undefined;
  if (typeof secret !== 'string' || !secret) throw new InvalidTokenError('unknown signing key');
  const expected = sign(secret, `${kid}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  let raw: { p?: unknown; e?: unknown; t?: unknown; x?: unknown; i?: unknown };
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidTokenError('malformed token');
  const purposes = Array.isArray(expect.purpose) ? expect.purpose : [expect.purpose];
  if (!purposes.includes(raw.p as TokenPurpose)) throw new InvalidTokenError('this link is for another purpose');
  if (typeof raw.e !== 'string') throw new InvalidTokenError('malformed token');
  const expiresAt = typeof raw.x === 'number' ? raw.x : null;
  if (expiresAt !== null && expect.now.getTime() / 1000 > expiresAt) throw new InvalidTokenError('this link has expired');
  return { purpose: raw.p as TokenPurpose, email: raw.e, theme: typeof raw.t === 'string' ? raw.t : null, expiresAt, issuedAt: typeof raw.i === 'number' ? raw.i : null };
}
