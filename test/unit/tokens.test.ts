import { describe, expect, it } from 'vitest';
import { emailProblem, maskEmail } from '../../lambdas/domain/subscriptions/email-address.ts';
import { confirmLink } from '../../lambdas/domain/subscriptions/links.ts';
import { signToken, verifyToken } from '../../lambdas/domain/subscriptions/tokens.ts';
import { InvalidTokenError } from '../../lambdas/errors.ts';

const keys = { keys: { k2: 'new-secret', k1: 'old-secret' }, current: 'k2' };
const now = new Date('2026-11-24T12:00:00Z');
const unsub = (email = 'Ada@Example.com', theme: string | null = 'junior-partner') => signToken({ purpose: 'unsubscribe', email, theme, expiresAt: null }, keys);

describe('link tokens', () => {
  it('round-trips purpose, normalised address and theme', () => {
    // Act
    const payload = verifyToken(unsub(), keys, { purpose: 'unsubscribe', now });
    // Assess
    expect(payload).toEqual({ purpose: 'unsubscribe', email: 'ada@example.com', theme: 'junior-partner', expiresAt: null, issuedAt: null });
  });

  it('is base64url with a key id, so secrets can rotate', () => {
    // Prepare
    const old = signToken({ purpose: 'preferences', email: 'a@example.com', theme: null, expiresAt: null }, { ...keys, current: 'k1' });
    // Assess
    expect(old).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(old, keys, { purpose: 'preferences', now }).email).toBe('a@example.com');
    expect(() => verifyToken(old, { keys: { k2: 'new-secret' }, current: 'k2' }, { purpose: 'preferences', now })).toThrow(/unknown signing key/);
  });

  it.each([
    ['a tampered payload', (t: string) => { const [k, p, s] = t.split('.'); return `${k}.${Buffer.from(Buffer.from(p, 'base64url').toString().replace('ada', 'eve')).toString('base64url')}.${s}`; }, /bad signature/],
    ['a forged signature', (t: string) => `${t.slice(0, t.lastIndexOf('.'))}.AAAA`, /bad signature/],
    ['garbage', () => 'not-a-token', /malformed/],
    ['an empty token', () => '', /malformed/],
  ])('refuses %s', (_name, mutate, reason) => {
    expect(() => verifyToken(mutate(unsub()), keys, { purpose: 'unsubscribe', now })).toThrow(InvalidTokenError);
    expect(() => verifyToken(mutate(unsub()), keys, { purpose: 'unsubscribe', now })).toThrow(reason);
  });

  it('refuses a token made for another purpose', () => {
    expect(() => verifyToken(unsub(), keys, { purpose: 'confirm', now })).toThrow(/another purpose/);
  });

  it('lets confirmation links expire and unsubscribe links live forever', () => {
    // Prepare
    const link = confirmLink({ publicBaseUrl: 'https://x.org', tokenKeys: keys, confirmTokenTtlHours: 48 }, 'a@example.com', ['junior-partner'], now);
    const token = decodeURIComponent(link.split('token=')[1]);
    // Assess
    expect(verifyToken(token, keys, { purpose: 'confirm', now: new Date(now.getTime() + 47 * 3600_000) }).theme).toBe('junior-partner');
    expect(() => verifyToken(token, keys, { purpose: 'confirm', now: new Date(now.getTime() + 49 * 3600_000) })).toThrow(/expired/);
    expect(verifyToken(unsub(), keys, { purpose: 'unsubscribe', now: new Date('2040-01-01') }).email).toBe('ada@example.com');
  });
});

describe('email addresses', () => {
  it.each([
    ['ada@example.com', null],
    ['', /required/],
    ['no-at-sign', /not a valid/],
    ['a@b', /not a valid/],
    ['a..b@example.com', /not a valid/],
    ['ada@example.com\r\nBcc: x@y.z', /line break/],
    [`${'a'.repeat(250)}@example.com`, /longer than 254/],
  ])('%j -> %s', (email, problem) => {
    const p = emailProblem(email);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });

  it('masks addresses for logs', () => {
    expect(maskEmail('ada@example.com')).toBe('a***@example.com');
  });
});

describe('tokens with prototype-shaped key ids', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('calls a token signed "%s" unknown, not a crash', async (kid) => {
    const { verifyToken } = await import('../../lambdas/domain/subscriptions/tokens.ts');
    const { InvalidTokenError } = await import('../../lambdas/errors.ts');
    const token = `${kid}.${Buffer.from(JSON.stringify({ p: 'confirm', e: 'a@example.com' })).toString('base64url')}.AAAA`;
    expect(() => verifyToken(token, { keys: { k1: 'secret' }, current: 'k1' }, { purpose: 'confirm', now: new Date() })).toThrow(InvalidTokenError);
  });
});
