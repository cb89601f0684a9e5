/**
 * CSV injection in `subscribers export` (issue #26): a cell a spreadsheet would run as a formula
 * is written with a leading `'`, import removes it again, and no new address can start with a
 * formula character (from the form, the CLI, an import or an inbound mail).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { MemoryRateLimiter } from '../../lambdas/adapters/memory/memory-rate-limiter.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { emailProblem } from '../../lambdas/domain/subscriptions/email-address.ts';
import { formatSubscribersCsv, neutralize, parseSubscribersCsv, unneutralize } from '../../lambdas/domain/subscriptions/subscribers-csv.ts';
import { allSubscribers, exportRows } from '../../lambdas/services/manage-subscribers.ts';
import { receiveInboundEmail } from '../../lambdas/services/receive-inbound-email.ts';

const ROOT = path.resolve(__dirname, '../..');
const THEMES = ['junior-partner'];
const FORMULA = "=cmd|' /C calc'!A0@x.example";

describe('subscribers export', () => {
  it('writes formula-leading cells with a leading quote, so a spreadsheet shows them as text', async () => {
    // Prepare: addresses stored before validation refused them
    const store = new MemorySubscriberStore();
    for (const email of [FORMULA, '+1+1@x.example', '-2@x.example', '@sum@x.example', 'ok@x.example']) await store.setThemes(email, [{ themeId: 'junior-partner', status: 'active' }], '2026-01-01T00:00:00Z');
    // Act
    const csv = formatSubscribersCsv(exportRows(await allSubscribers({ store })));
    // Assess: no cell (quoted or not) starts with = + - @
    const cells = csv.trim().split('\n').slice(1).map((l) => l.split(',')[0].replace(/^"/, ''));
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toContain("'+1+1@x.example");
    expect(cells).toContain('ok@x.example');
  });

  it('round-trips through import: the quote is taken off again', () => {
    // Prepare
    const values = ['=a', '+a', '-a', '@a', '\ta', "'a", "'=a", "''", "'", 'a', ''];
    const csv = formatSubscribersCsv([{ email: 'a@example.com', themes: ['junior-partner'], status: 'active' }, { email: "o'hara@example.com", themes: ['junior-partner'], status: 'pending' }]);
    // Act + Assess
    for (const v of values) expect(unneutralize(neutralize(v))).toBe(v);
    expect(parseSubscribersCsv(csv, THEMES).rows.map((r) => r.email)).toEqual(['a@example.com', "o'hara@example.com"]);
  });

  it('imports an exported formula-leading address as a bad row, reported with its line', () => {
    const csv = formatSubscribersCsv([{ email: '=cmd|calc!a0@x.example', themes: ['junior-partner'], status: 'active' }]);
    const { rows, problems } = parseSubscribersCsv(csv, THEMES);
    expect(csv).toContain("\n'=cmd|calc!a0@x.example,");
    expect(rows).toEqual([]);
    expect(problems).toEqual(["line 2: '=cmd|calc!a0@x.example' is not accepted: an address may not start with =, +, - or @"]);
  });
});

describe('addresses that start with a formula character', () => {
  it.each(['=1+1@x.example', '+cmd@x.example', '-cmd@x.example', "=HYPERLINK(\"http://evil.example\")@x.example"])('refuses %s', (email) => {
    expect(emailProblem(email)).toMatch(/not (a valid email address|accepted)/);
  });

  it('accepts the same characters inside the local part', () => {
    expect(emailProblem('a+b-c=d@x.example')).toBeNull();
  });

  it('creates no subscriber from an inbound mail whose From starts with one', async () => {
    // Prepare: the attacker's own domain passes authentication; the From is a formula
    const deps = {
      store: new MemorySubscriberStore(),
      suppression: new MemorySuppressionList(),
      limiter: new MemoryRateLimiter(),
      mailer: new MemoryMailer(),
      clock: { now: () => new Date('2026-11-24T10:00:00Z') },
      themes: [{ id: 'junior-partner', title: 'JP', description: 'd', keywords: [], timezone: 'UTC', maxExcerpts: 5, paused: false }],
      config: loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') }),
    };
    const raw = Buffer.from(
      'Return-Path: <m@attacker.example>\nAuthentication-Results: amazonses.com; spf=pass envelope-from=m@attacker.example; dkim=pass header.i=@attacker.example; dmarc=pass header.from=attacker.example\nFrom: <=2+5@attacker.example>\nTo: subscribe+junior-partner@news.example.org\nSubject: subscribe\n\nhi\n',
    );
    // Act
    const r = await receiveInboundEmail(deps, raw);
    // Assess
    expect(r).toMatchObject({ action: 'ignored', reason: /From address is refused/ });
    expect(await allSubscribers(deps)).toEqual([]);
  });
});
