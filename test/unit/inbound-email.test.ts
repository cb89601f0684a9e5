/**
 * Subscribe and unsubscribe by email trust only the receiving server (issue #26): its receipt
 * verdicts, or the topmost Authentication-Results header with the trusted authserv-id. Headers
 * the sender writes (another Authentication-Results, a Return-Path, a DKIM-Signature) never
 * vouch for anyone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import { memorySubscriptionDeps, type MemorySubscriptionDeps } from '../support/memory-subscription-deps.ts';
import { authenticationFacts, parseAuthenticationResults, trustedAuthenticationResults } from '../../lambdas/domain/subscriptions/authentication-results.ts';
import { aligned } from '../../lambdas/domain/subscriptions/dmarc-alignment.ts';
import { receiveInboundEmail, returnPathOf } from '../../lambdas/services/receive-inbound-email.ts';

const ROOT = path.resolve(__dirname, '../..');
const eml = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/inbound', name));
let deps: MemorySubscriptionDeps;

beforeEach(async () => {
  deps = memorySubscriptionDeps({ outbox: false });
  await deps.store.setThemes('reader@victim.example', [{ themeId: 'junior-partner', status: 'active' }], '2026-11-01T00:00:00Z');
});

const status = async () => (await deps.store.get('reader@victim.example'))?.themes[0].status;

describe('inbound mail with forged authentication headers', () => {
  it('does not unsubscribe a reader because the sender wrote "spf=pass smtp.mailfrom=victim.example"', async () => {
    // Act: the attack as a local .eml (verdicts from the headers)
    const r = await receiveInboundEmail(deps, eml('forged-results.eml'));
    // Assess
    expect(r.action).toBe('ignored');
    expect(r.reason).toMatch(/authentication did not vouch for the sender/);
    expect(await status()).toBe('active');
  });

  it('does not unsubscribe with SES receipt verdicts that passed only for the attacker', async () => {
    // Act: what the receipt Lambda hands over for the same message
    const r = await receiveInboundEmail(deps, eml('forged-results.eml'), { receipt: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY', envelopeFrom: 'mallory@attacker.example' } });
    // Assess
    expect(r.action).toBe('ignored');
    expect(await status()).toBe('active');
  });

  it('unsubscribes on a genuine SES verdict, from the header or the receipt', async () => {
    // Act
    const fromHeader = await receiveInboundEmail(deps, eml('ses-unsubscribe.eml'));
    await deps.store.setThemes('reader@victim.example', [{ themeId: 'junior-partner', status: 'active' }], '2026-11-02T00:00:00Z');
    const fromReceipt = await receiveInboundEmail(deps, eml('ses-unsubscribe.eml'), { receipt: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY', envelopeFrom: 'bounces+reader=victim.example@mail.victim.example' } });
    // Assess
    expect(fromHeader).toMatchObject({ action: 'unsubscribe', themes: ['junior-partner'] });
    expect(fromReceipt).toMatchObject({ action: 'unsubscribe', themes: ['junior-partner'] });
    expect(await status()).toBe('unsubscribed');
  });

  it('trusts only the topmost Authentication-Results, and only from the trusted authserv-id', async () => {
    // Prepare: the genuine message with the sender's own passing header put on top of SES's
    const genuine = eml('ses-unsubscribe.eml').toString();
    const senderOnTop = Buffer.from('Authentication-Results: mx.victim.example; spf=pass smtp.mailfrom=victim.example; dmarc=pass header.from=victim.example\n' + genuine);
    // Act
    const onTop = await receiveInboundEmail(deps, senderOnTop);
    const otherServer = await receiveInboundEmail(deps, Buffer.from(genuine), { trustedAuthServId: 'mx.news.example.org' });
    // Assess
    expect(onTop.action).toBe('ignored');
    expect(otherServer).toMatchObject({ action: 'ignored', reason: /no Authentication-Results from mx\.news\.example\.org/ });
    expect(await status()).toBe('active');
    expect((await receiveInboundEmail(deps, Buffer.from(genuine.replace('amazonses.com;', 'mx.news.example.org;')), { trustedAuthServId: 'mx.news.example.org' })).action).toBe('unsubscribe');
  });

  it('ignores a DMARC pass computed for another From domain, and a message with two From fields', async () => {
    // Prepare
    const genuine = eml('ses-unsubscribe.eml').toString();
    const otherDmarc = genuine.replace('dmarc=none header.from=victim.example', 'dmarc=pass header.from=attacker.example').replace(/dkim=pass header\.i=@victim\.example/, 'dkim=none').replace(/mail\.victim\.example designates[^\n]*\n[^\n]*envelope-from=[^;]*;/, 'x designates y; envelope-from=m@attacker.example;');
    const twoFroms = genuine.replace('From: Reader <reader@victim.example>', 'From: Mallory <m@attacker.example>\nFrom: Reader <reader@victim.example>');
    // Act + Assess
    expect((await receiveInboundEmail(deps, Buffer.from(otherDmarc))).reason).toMatch(/DMARC was evaluated for attacker\.example/);
    expect((await receiveInboundEmail(deps, Buffer.from(twoFroms))).reason).toMatch(/exactly one From/);
    expect((await receiveInboundEmail(deps, Buffer.from(genuine.replace('From: Reader <reader@victim.example>', 'From: reader@victim.example, m@attacker.example')))).action).toBe('ignored');
    expect(await status()).toBe('active');
  });

  it('ignores a bounce: an empty Return-Path (once read as "[object Object]") or an empty envelope sender', async () => {
    // Prepare: a genuine message, then the same with the null return path
    const bounce = Buffer.from(eml('ses-unsubscribe.eml').toString().replace(/^Return-Path: <[^>]*>/, 'Return-Path: <>'));
    // Act
    const r = await receiveInboundEmail(deps, bounce);
    const viaReceipt = await receiveInboundEmail(deps, eml('ses-unsubscribe.eml'), { receipt: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY', envelopeFrom: '' } });
    const angled = await receiveInboundEmail(deps, eml('ses-unsubscribe.eml'), { receipt: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY', envelopeFrom: '<>' } });
    // Assess
    expect(r).toMatchObject({ action: 'ignored', reason: 'empty return path (a bounce)' });
    expect(viaReceipt).toMatchObject({ action: 'ignored', reason: 'empty return path (a bounce)' });
    expect(angled).toMatchObject({ action: 'ignored', reason: 'empty return path (a bounce)' });
    expect(await status()).toBe('active');
  });
});

describe('reading the headers', () => {
  it('reads Return-Path from mailparser\'s address object, the topmost when repeated', async () => {
    const mail = await simpleParser(Buffer.from('Return-Path: <first@a.example>\nReturn-Path: <second@b.example>\nFrom: x@a.example\n\nbody'));
    const empty = await simpleParser(Buffer.from('Return-Path: <>\nFrom: x@a.example\n\nbody'));
    const none = await simpleParser(Buffer.from('From: x@a.example\n\nbody'));
    expect(returnPathOf(mail.headers.get('return-path'))).toBe('first@a.example');
    expect(returnPathOf(empty.headers.get('return-path'))).toBe('');
    expect(returnPathOf(none.headers.get('return-path'))).toBeUndefined();
  });

  it('reads SES\'s header: comments, envelope-from, several DKIM results with header.i=@domain', () => {
    // Prepare: the shape SES writes (folded, with a comment holding "domain of ...")
    const value = ' amazonses.com;\r\n spf=pass (spfCheck: domain of bounce.example.net designates 192.0.2.1 as permitted sender; helo=x) client-ip=192.0.2.1; envelope-from=b@bounce.example.net; helo=mx.example.net;\r\n dkim=fail header.i=@victim.example;\r\n dkim=pass header.i=@example.net; dkim=pass header.d=amazonses.com; dmarc=none header.from=example.net;';
    // Act
    const parsed = parseAuthenticationResults(value);
    const facts = authenticationFacts(parsed);
    // Assess
    expect(parsed.authservId).toBe('amazonses.com');
    expect(parsed.results.map((r) => `${r.method}=${r.result}`)).toEqual(['spf=pass', 'dkim=fail', 'dkim=pass', 'dkim=pass', 'dmarc=none']);
    expect(facts).toEqual({ spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY', spfDomain: 'bounce.example.net', dkimDomains: ['example.net', 'amazonses.com'], dmarcFrom: 'example.net' });
  });

  it('takes the DKIM domain from the d= of the result, never the v=1 of a DKIM-Signature', () => {
    const facts = authenticationFacts(parseAuthenticationResults('amazonses.com 1; dkim=pass header.d=example.org header.s=sel header.b=abc; spf=none smtp.mailfrom=<>'));
    expect(facts.dkimDomains).toEqual(['example.org']);
    expect(facts.spf).toBe('GRAY');
    expect(facts.spfDomain).toBeNull();
  });

  it('gives nothing when the topmost header is not the trusted server\'s', () => {
    const lines = [{ key: 'authentication-results', line: 'Authentication-Results: evil.example; spf=pass smtp.mailfrom=victim.example' }, { key: 'authentication-results', line: 'Authentication-Results: amazonses.com; spf=fail' }];
    expect(trustedAuthenticationResults(lines)).toBeNull();
    expect(authenticationFacts(null)).toMatchObject({ spf: 'NONE', dkim: 'NONE', dmarc: 'NONE', spfDomain: null, dkimDomains: [] });
    expect(trustedAuthenticationResults(lines.slice(1))?.results[0]).toMatchObject({ method: 'spf', result: 'fail' });
  });

  it('aligns by the public suffix list: two sites under a shared suffix are two organizations', () => {
    expect(aligned('mail.victim.example', 'victim.example')).toBe(true);
    expect(aligned('bounces.example.co.uk', 'example.co.uk')).toBe(true);
    expect(aligned('attacker.eu.org', 'victim.eu.org')).toBe(false);
    expect(aligned('attacker.github.io', 'victim.github.io')).toBe(false);
    expect(aligned('other.co.uk', 'example.co.uk')).toBe(false);
  });
});
