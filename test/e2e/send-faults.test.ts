/**
 * Exactly once when SES replies are lost: the real SES client talks to the SES emulator
 * through a proxy that loses replies, resets connections, answers 5xx after forwarding,
 * throttles and freezes. No reader gets the issue twice; every lost reply is reported
 * uncertain and never resent on its own; throttled readers still get it; the report adds up;
 * and the operator's resend of the uncertain ones is an explicit step.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { SesMailer } from '../../lambdas/adapters/ses/ses-mailer.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { resolveUncertain } from '../../lambdas/services/resolve-uncertain.ts';
import { sendIssue } from '../../lambdas/services/send-issue.ts';
import { emulatorMessages } from '../support/local-services.ts';
import { sendingFixture } from '../support/sending-fixture.ts';
import { startFaultProxy, type Fault, type FaultProxy } from '../support/ses-fault-proxy.ts';

const ROOT = path.resolve(__dirname, '../..');
let ses: LocalService & { storeUrl: string };
let proxy: FaultProxy;
const FAULTS: Fault[] = ['lost-reply', '5xx-after', 'throttle', 'freeze', 'reset', 'throttle'];

beforeAll(async () => {
  ses = await startSesEmulator();
  // Requests 0..59: a fault every 4th request early on, then a clean line.
  proxy = await startFaultProxy(ses.endpoint, (n) => (n < 48 && n % 4 === 1 ? FAULTS[(n >> 2) % FAULTS.length] : 'pass'));
});
afterAll(async () => {
  await proxy?.close();
  await ses?.stop();
});

describe('sending through a faulty network to SES', () => {
  it('never sends a reader twice, reports every lost reply as uncertain, and adds up', async () => {
    // Prepare: 40 readers, the real SES client with short timeouts, through the proxy
    const f = await sendingFixture(40);
    const config = loadConfig({ NEWSLETTER_SES_ENDPOINT: proxy.endpoint, NEWSLETTER_SES_REQUEST_TIMEOUT_MS: '400', NEWSLETTER_SES_CONNECT_TIMEOUT_MS: '400', NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'), NEWSLETTER_PUBLIC_URL: 'https://news.example.org', NEWSLETTER_SES_RATE: '100000', NEWSLETTER_SEND_CONCURRENCY: '4' });
    const deps = { ...f.restart(new SesMailer(config)), config: { ...f.deps.config, sendConcurrency: 4 } };
    // Act
    const report = await sendIssue(deps, { themeId: 'junior-partner' });
    // Assess: nobody twice
    const mails = await emulatorMessages(ses.storeUrl);
    const perReader = new Map<string, number>();
    for (const m of mails) perReader.set(m.destination.to[0], (perReader.get(m.destination.to[0]) ?? 0) + 1);
    expect([...perReader.values()].every((n) => n === 1)).toBe(true);
    // every recipient accounted for
    expect(report.recipients).toBe(40);
    expect(report.sent + report.alreadySent + report.suppressed + report.failed + report.uncertain + report.held).toBe(40);
    // lost replies, 5xx after forwarding, frozen and reset calls: uncertain, never retried
    const lostOrAmbiguous = proxy.log.filter((x) => x === 'lost-reply' || x === '5xx-after' || x === 'freeze' || x === 'reset').length;
    expect(report.uncertain).toBe(lostOrAmbiguous);
    const ledger = await deps.ledger.list(report.issueId!);
    const uncertain = ledger.filter((e) => e.state === 'uncertain').map((e) => e.recipient);
    expect(uncertain).toHaveLength(report.uncertain);
    // throttled calls were retried: everyone not uncertain got the issue
    expect(proxy.log.filter((x) => x === 'throttle').length).toBeGreaterThan(0);
    expect(report.sent).toBe(40 - report.uncertain);
    for (const e of ledger.filter((x) => x.state === 'sent')) expect(perReader.get(e.recipient)).toBe(1);

    // A second send does not touch the uncertain readers either.
    const again = await sendIssue(deps, { themeId: 'junior-partner' });
    expect(again.sent).toBe(0);
    expect(again.uncertain).toBe(report.uncertain);

    // Act: the operator chooses to resend them
    const before = (await emulatorMessages(ses.storeUrl)).length;
    const resolved = await resolveUncertain(deps, report.issueId!);
    // Assess
    expect(resolved.reset).toBe(report.uncertain);
    expect(resolved.report.sent).toBe(report.uncertain);
    expect((await emulatorMessages(ses.storeUrl)).length).toBe(before + report.uncertain);
  }, 60_000);
});
