import { simpleParser } from 'mailparser';
import { classifySesError } from '../../lambdas/adapters/ses/ses-mailer.ts';
import { compileIssueMessageTemplate } from '../../lambdas/rendering/message-template.ts';
import { messageFor } from '../../lambdas/services/send-batch.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MailerError } from '../../lambdas/ports/mailer.ts';
import { buildIssue } from '../../lambdas/services/build-issue.ts';
import { recordSesEvent } from '../../lambdas/services/record-ses-event.ts';
import { sendIssue } from '../../lambdas/services/send-issue.ts';
import { LEASE_MS } from '../../lambdas/services/send-batch.ts';
import { Crash, CrashingMailer, sendingFixture } from '../support/sending-fixture.ts';

const counts = (to: string[]) => to.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>());

describe('sending an issue exactly once', () => {
  it('delivers once to each active subscriber with their own unsubscribe link and one-click headers', async () => {
    // Prepare
    const f = await sendingFixture(30);
    // Act
    const report = await sendIssue(f.deps, { themeId: 'junior-partner' });
    // Assess
    expect(report).toMatchObject({ issueId: 'junior-partner-2026-11-30', recipients: 30, sent: 30, alreadySent: 0, failed: 0, uncertain: 0 });
    expect([...counts(f.mailer.sent.map((m) => m.to)).values()].every((n) => n === 1)).toBe(true);
    const raw = f.mailer.to('reader0007@example.com')[0];
    expect(raw).toMatch(/^To: reader0007@example\.com$/m);
    expect(raw).toMatch(/List-Unsubscribe:\s+<https:\/\/news\.example\.org\/unsubscribe\?token=/);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const token = /unsubscribe\?token=([A-Za-z0-9._-]+)>/.exec(raw)![1];
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ p: 'unsubscribe', e: 'reader0007@example.com', t: 'junior-partner' });
  });

  it('sends nothing on a second identical send and says why', async () => {
    const f = await sendingFixture(5);
    await sendIssue(f.deps, { themeId: 'junior-partner' });
    const again = await sendIssue(f.restart(), { themeId: 'junior-partner' });
    expect(again).toMatchObject({ status: 'nothing-to-send', sent: 0, alreadySent: 5 });
    expect(again.reason).toMatch(/already received junior-partner-2026-11-30/);
    expect(f.mailer.sent).toHaveLength(5);
  });

  it('resumes after a crash: every reader exactly once, the SES window reported as uncertain', async () => {
    // Prepare: the process dies right after SES accepts the 7th message
    const f = await sendingFixture(40);
    const crashing = new CrashingMailer(f.mailer, 7);
    // Act
    await expect(sendIssue(f.restart(crashing), { themeId: 'junior-partner', workers: 1 })).rejects.toThrow(Crash);
    f.clock.t += LEASE_MS + 1000;
    const resumed = await sendIssue(f.restart(), { themeId: 'junior-partner' });
    // Assess
    const perReader = counts(f.mailer.sent.map((m) => m.to));
    expect([...perReader.values()].every((n) => n === 1)).toBe(true);
    // The sends in flight when the process died are uncertain: at most one per concurrent lane.
    expect(resumed.uncertain).toBeGreaterThanOrEqual(1);
    expect(resumed.uncertain).toBeLessThanOrEqual(f.deps.config.sendConcurrency);
    expect(resumed.sent + resumed.alreadySent + resumed.uncertain).toBe(40);
    const uncertain = (await f.deps.ledger.list(resumed.issueId!)).filter((e) => e.state !== 'sent').map((e) => e.recipient);
    expect(uncertain).toHaveLength(resumed.uncertain);
    // every reader who is not uncertain got the issue exactly once
    for (let i = 0; i < 40; i++) {
      const r = `reader${String(i).padStart(4, '0')}@example.com`;
      if (!uncertain.includes(r)) expect(perReader.get(r)).toBe(1);
    }
  });

  it('two concurrent triggers send each reader one message', async () => {
    const f = await sendingFixture(60);
    const [a, b] = await Promise.all([sendIssue(f.restart(), { themeId: 'junior-partner' }), sendIssue(f.restart(), { themeId: 'junior-partner' })]);
    expect(a.sent + b.sent).toBe(60);
    expect(new Set(f.mailer.sent.map((m) => m.to)).size).toBe(60);
    expect(f.mailer.sent).toHaveLength(60);
  });

  it('rides out SES throttling: all delivered, none twice', async () => {
    const f = await sendingFixture(20);
    for (let i = 0; i < 8; i++) f.mailer.failures.push(new MailerError(i % 2 ? 'transient' : 'throttled', 'Throttling'));
    const report = await sendIssue(f.deps, { themeId: 'junior-partner' });
    expect(report.sent).toBe(20);
    expect(f.mailer.sent).toHaveLength(20);
    expect(new Set(f.mailer.sent.map((m) => m.to)).size).toBe(20);
  });

  it('records permanent errors per recipient and does not retry them', async () => {
    const f = await sendingFixture(3);
    f.mailer.failures.push(new MailerError('permanent', 'MessageRejected'));
    const report = await sendIssue(f.deps, { themeId: 'junior-partner' });
    expect(report).toMatchObject({ sent: 2, failed: 1, status: 'partial' });
  });

  it('skips a bounced address and one that unsubscribed after the fan-out', async () => {
    // Prepare
    const f = await sendingFixture(4);
    const bounce = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/ses-events/permanent-bounce.json'), 'utf8'));
    bounce.Message = bounce.Message.replace('bounced@example.com', 'reader0001@example.com');
    await recordSesEvent({ suppression: f.deps.suppression, clock: f.clock }, bounce);
    await f.subscribers.setThemes('reader0002@example.com', [{ themeId: 'junior-partner', status: 'unsubscribed' }], 'x');
    // Act
    const report = await sendIssue(f.deps, { themeId: 'junior-partner' });
    // Assess
    expect(report.sent).toBe(2);
    expect(f.mailer.to('reader0001@example.com')).toHaveLength(0);
    expect(f.mailer.to('reader0002@example.com')).toHaveLength(0);
  });

  it('reports a dry run without sending, with the email checks', async () => {
    const f = await sendingFixture(9);
    const r = await sendIssue(f.deps, { themeId: 'junior-partner', dryRun: true });
    expect(r).toMatchObject({ status: 'dry-run', recipients: 9, sent: 0, issueId: 'junior-partner-2026-11-30' });
    expect(r.checks?.every((c) => c.ok)).toBe(true);
    expect(f.mailer.sent).toHaveLength(0);
  });

  it('sends a test to one address without touching the readers ledger', async () => {
    const f = await sendingFixture(2);
    const r = await sendIssue(f.deps, { themeId: 'junior-partner', to: 'editor@example.org' });
    expect(r.sent).toBe(1);
    const real = await sendIssue(f.deps, { themeId: 'junior-partner' });
    expect(real.sent).toBe(2);
  });
});

describe('issues and history', () => {
  it('freezes one issue per period, skips paused themes, and makes a new edition only when asked', async () => {
    const f = await sendingFixture(0);
    const theme = f.deps.themes.find((t) => t.id === 'junior-partner')!;
    const first = await buildIssue(f.deps, theme);
    const again = await buildIssue(f.deps, theme);
    const edition = await buildIssue(f.deps, theme, { newEdition: true });
    expect(first.status).toBe('built');
    expect(again).toMatchObject({ status: 'reused' });
    expect(edition.status === 'built' && edition.issue.id).toBe('junior-partner-2026-11-30-e2');
    expect(await buildIssue(f.deps, { ...theme, paused: true })).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/paused/) });
  });

  it('leaves excerpts of earlier periods out of later issues, and skips when nothing is new', async () => {
    // (a theme with material for two issues)
    const f = await sendingFixture(0);
    const theme = f.deps.themes.find((t) => t.id === 'war-and-sanctions')!;
    const week1 = await buildIssue(f.deps, theme);
    f.clock.t += 7 * 86_400_000;
    const week2 = await buildIssue(f.deps, theme);
    if (!('issue' in week1) || !('issue' in week2)) throw new Error('expected issues');
    const earlier = new Set(week1.issue.digest.excerpts.map((e) => e.id));
    expect(week2.issue.id).toBe('war-and-sanctions-2026-12-09');
    expect(week2.issue.digest.excerpts.some((e) => earlier.has(e.id))).toBe(false);
    let last = week2 as Awaited<ReturnType<typeof buildIssue>>;
    for (let i = 0; i < 30 && last.status !== 'skipped'; i++) {
      f.clock.t += 7 * 86_400_000;
      last = await buildIssue(f.deps, theme);
    }
    // History runs the theme dry: first too few relevant passages are left, then none.
    expect(last).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/nothing new|not enough material/) });
  });
});

describe('SES events', () => {
  const fixture = (n: string) => JSON.parse(readFileSync(path.resolve(__dirname, `../fixtures/ses-events/${n}.json`), 'utf8'));

  it('suppresses permanent bounces and complaints for all themes, not transient bounces', async () => {
    const f = await sendingFixture(0);
    const deps = { suppression: f.deps.suppression, clock: f.clock };
    expect((await recordSesEvent(deps, fixture('permanent-bounce'))).suppressed).toEqual(['bounced@example.com']);
    expect((await recordSesEvent(deps, { Sns: { Message: fixture('complaint').Message } })).suppressed).toEqual(['angry@example.com']);
    expect((await recordSesEvent(deps, fixture('transient-bounce'))).suppressed).toEqual([]);
    expect(await f.deps.suppression.reason('angry@example.com')).toBe('complaint');
    expect(await f.deps.suppression.isSuppressed('full@example.com')).toBe(false);
  });
});

describe('issue subject', () => {
  it('names the day of the period the issue is for', async () => {
    const f = await sendingFixture(0);
    f.clock.t = Date.parse('2026-12-02T15:00:00Z'); // a Wednesday: the Monday schedule's next issue is 7 December
    const built = await buildIssue(f.deps, f.deps.themes.find((t) => t.id === 'junior-partner')!);
    if (!('issue' in built)) throw new Error('expected an issue');
    expect(built.issue.subject).toMatch(/^The junior partner: .+ · 7 Dec$/);
    expect(built.issue.period).toBe('2026-12-07');
    expect(built.issue.subject.length).toBeLessThanOrEqual(90);
  });
});

describe('sending: outcomes, retries and the message of one reader', () => {
  it('reports a lost reply as uncertain and never sends that reader again by itself', async () => {
    // Prepare
    const f = await sendingFixture(5);
    f.mailer.failures.push(new MailerError('uncertain', 'reply lost'));
    // Act
    const first = await sendIssue(f.deps, { themeId: 'junior-partner' });
    const second = await sendIssue(f.restart(), { themeId: 'junior-partner' });
    // Assess
    expect(first).toMatchObject({ sent: 4, uncertain: 1, status: 'partial' });
    expect(second).toMatchObject({ sent: 0, alreadySent: 4, uncertain: 1 });
    expect(f.mailer.sent).toHaveLength(4);
  });

  it('sends back only the recipients that could not go, never the rest of their batch', async () => {
    // Prepare: one reader throttled on every try of the first round
    const f = await sendingFixture(3);
    for (let i = 0; i < 5; i++) f.mailer.failures.push(new MailerError('throttled', 'Throttling'));
    // Act
    const report = await sendIssue(f.deps, { themeId: 'junior-partner', workers: 1 });
    // Assess: 3 sent, none counted twice as already sent
    expect(report).toMatchObject({ recipients: 3, sent: 3, alreadySent: 0, failed: 0, uncertain: 0, held: 0 });
    expect(f.mailer.sent).toHaveLength(3);
  });

  it('counts readers held by another live sender, with when the claim lapses', async () => {
    // Prepare: another sender holds one reader
    const f = await sendingFixture(4);
    const built = await buildIssue(f.deps, f.deps.themes.find((t) => t.id === 'junior-partner')!);
    if (!('issue' in built)) throw new Error('expected an issue');
    const now = f.clock.now().getTime();
    await f.deps.ledger.claim(built.issue.id, 'reader0002@example.com', 'other', now, now + LEASE_MS, { attempt: true });
    // Act
    const report = await sendIssue(f.restart(), { themeId: 'junior-partner' });
    // Assess
    expect(report).toMatchObject({ recipients: 4, sent: 3, held: 1, heldUntil: new Date(now + LEASE_MS).toISOString() });
    expect(report.sent + report.alreadySent + report.suppressed + report.failed + report.uncertain + report.held).toBe(report.recipients);
  });

  it('fills a reader into the issue template: the same message MailComposer builds in full', async () => {
    // Prepare
    const f = await sendingFixture(0);
    const built = await buildIssue(f.deps, f.deps.themes.find((t) => t.id === 'junior-partner')!);
    if (!('issue' in built)) throw new Error('expected an issue');
    const template = await compileIssueMessageTemplate(f.deps.config.fromAddress, built.issue);
    // Act
    const fast = await simpleParser(await messageFor(f.deps, built.issue, 'ada@example.com', template));
    const full = await simpleParser(await messageFor(f.deps, built.issue, 'ada@example.com'));
    // Assess
    for (const k of ['subject', 'html', 'text'] as const) expect(fast[k]).toBe(full[k]);
    expect(fast.to).toEqual(full.to);
    expect(fast.from).toEqual(full.from);
    expect(fast.headers.get('list')).toEqual(full.headers.get('list'));
    expect(fast.headers.get('x-newsletter-issue')).toBe(built.issue.id);
    expect(fast.messageId).toMatch(/^<[0-9a-f]{24}@/);
  });

  it.each([
    [{ name: 'Throttling', $metadata: { httpStatusCode: 400 } }, 'throttled'],
    [{ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } }, 'uncertain'],
    [{ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }, 'uncertain'],
    [{ name: 'MessageRejected', $metadata: { httpStatusCode: 400 } }, 'permanent'],
    [{ name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'transient'],
    [{ name: 'TimeoutError', message: 'Socket timed out without establishing a connection within 2000 ms' }, 'transient'],
    [{ name: 'TimeoutError', message: 'Connection timed out after 10000 ms' }, 'uncertain'],
    [{ name: 'Error', code: 'ECONNRESET', message: 'socket hang up' }, 'uncertain'],
  ])('classifies %o as %s', (err, kind) => {
    expect(classifySesError(err).kind).toBe(kind);
  });
});

describe("the editor's desk: preview is what gets sent", () => {
  it('never freezes on a dry run or a test send; the test is marked in its subject', async () => {
    // Prepare
    const f = await sendingFixture(2);
    // Act
    const dry = await sendIssue(f.deps, { themeId: 'junior-partner', dryRun: true });
    const test = await sendIssue(f.deps, { themeId: 'junior-partner', to: 'editor@example.org' });
    // Assess
    expect(dry.status).toBe('dry-run');
    expect(dry.reason).toMatch(/not frozen/);
    expect(test.sent).toBe(1);
    expect(await f.deps.issues.list()).toEqual([]);
    expect((await simpleParser(Buffer.from(f.mailer.sent[0].raw))).subject).toMatch(/^\[Test\] The junior partner/);
  });

  it('sends exactly the approved issue, even after the corpus changed', async () => {
    // Prepare: approve, then the editor pins another passage (the live issue changes)
    const { approveIssue, excludePassage } = await import('../../lambdas/services/shape-issue.ts');
    const { prepareIssue, issueFingerprint } = await import('../../lambdas/services/prepare-issue.ts');
    const { MemoryEditorialStore } = await import('../../lambdas/adapters/memory/memory-editorial-store.ts');
    const f = await sendingFixture(3);
    const deps = { ...f.deps, editorial: new MemoryEditorialStore() };
    const theme = deps.themes.find((t) => t.id === 'junior-partner')!;
    const previewed = (await prepareIssue(deps, theme)).live;
    const approved = await approveIssue(deps, 'junior-partner');
    if (!('issue' in approved)) throw new Error('expected an issue');
    await excludePassage(deps, 'junior-partner', previewed.digest.excerpts[0].id);
    // Act
    const later = await prepareIssue(deps, theme);
    const report = await sendIssue(deps, { themeId: 'junior-partner' });
    // Assess
    expect(issueFingerprint(approved.issue)).toBe(issueFingerprint(previewed));
    expect(approved.issue.approvedAt).toBeTruthy();
    expect(later.frozen?.id).toBe(approved.issue.id);
    expect(later.changedSinceFrozen).toBe(true);
    expect(report).toMatchObject({ issueId: approved.issue.id, sent: 3 });
    expect(Buffer.from(f.mailer.sent[0].raw).toString()).toContain(`X-Newsletter-Issue: ${approved.issue.id}`);
  });

  it('a theme that requires approval is not sent until approved, and the schedule reports it', async () => {
    // Prepare
    const { approveIssue } = await import('../../lambdas/services/shape-issue.ts');
    const f = await sendingFixture(2);
    const deps = { ...f.deps, themes: f.deps.themes.map((t) => (t.id === 'junior-partner' ? { ...t, requireApproval: true } : t)) };
    // Act
    const before = await sendIssue(deps, { themeId: 'junior-partner' });
    const scheduled = await buildIssue(deps, deps.themes.find((t) => t.id === 'junior-partner')!, { requireApproved: true, scheduled: true });
    await approveIssue(deps, 'junior-partner');
    const after = await sendIssue(deps, { themeId: 'junior-partner' });
    // Assess
    expect(before).toMatchObject({ status: 'awaiting-approval', sent: 0 });
    expect(scheduled).toMatchObject({ status: 'awaiting-approval', reason: expect.stringMatching(/newsletter approve --theme junior-partner/) });
    expect(after).toMatchObject({ status: 'sent', sent: 2 });
  });
});

describe('engagement (opt-in per theme)', () => {
  const event = (n: string) => JSON.parse(readFileSync(path.resolve(__dirname, `../fixtures/ses-events/${n}.json`), 'utf8'));

  it('counts deliveries, opens and clicks per issue, each reader once, from the SES events', async () => {
    // Prepare
    const { MemoryEngagementStore } = await import('../../lambdas/adapters/memory/memory-engagement-store.ts');
    const f = await sendingFixture(0);
    const engagement = new MemoryEngagementStore();
    const deps = { suppression: f.deps.suppression, clock: f.clock, engagement };
    // Act: an open arrives twice (the reader opened it twice)
    for (const n of ['delivery', 'open', 'open', 'click']) await recordSesEvent(deps, event(n));
    // Assess
    expect(await engagement.counts('junior-partner-2026-11-30')).toEqual({ delivered: 1, bounced: 0, complained: 0, opened: 1, clicked: 1 });
  });

  it('sends through a tracking configuration set only for themes that opted in', async () => {
    const { configurationSetFor } = await import('../../lambdas/services/send-batch.ts');
    expect(configurationSetFor('news-send', 'none')).toBe('news-send');
    expect(configurationSetFor('news-send', undefined)).toBe('news-send');
    expect(configurationSetFor('news-send', 'opens')).toBe('news-send-opens');
    expect(configurationSetFor('news-send', 'clicks')).toBe('news-send-clicks');
    expect(configurationSetFor(null, 'clicks')).toBeNull();
    // and the issue's own HTML never carries a pixel: only SES adds one, for tracking sets
    const f = await sendingFixture(1);
    const r = await sendIssue(f.deps, { themeId: 'junior-partner' });
    expect(r.sent).toBe(1);
    expect(Buffer.from(f.mailer.sent[0].raw).toString()).not.toMatch(/<img[^>]+(width="1"|height="1")/);
  });
});
