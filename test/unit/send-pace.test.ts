/**
 * Sending paced under the account's quota (SES GetAccount, read once at start) as well as the
 * configured rate, shared among the send workers that may run at once.
 */
import { describe, expect, it } from 'vitest';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { paceRate } from '../../lambdas/domain/sending/pace.ts';
import type { SendQuota } from '../../lambdas/ports/mailer.ts';
import { sendIssue } from '../../lambdas/services/send-issue.ts';
import { sendingFixture } from '../support/sending-fixture.ts';

class QuotaMailer extends MemoryMailer {
  asked = 0;
  constructor(private readonly quota: SendQuota | null) {
    super();
  }
  async sendQuota(): Promise<SendQuota | null> {
    this.asked++;
    return this.quota;
  }
}

describe('paceRate', () => {
  it.each([
    [100, null, 1, 100],
    [100, 14, 1, 14],
    [50, 200, 4, 50],
    [50, 40, 4, 10],
    [50, 0, 1, 50],
  ])('configured %i, quota %s, %i sender(s) -> %i/s', (configured, quota, senders, want) => {
    // Act / Assess
    expect(paceRate(configured, quota === null ? null : { maxSendRate: quota }, senders)).toBe(want);
  });
});

describe('a send under a small account quota', () => {
  it('waits between messages at the quota, asks for it once, and still sends everyone once', async () => {
    // Prepare: the configured rate is huge; the account allows 5 messages a second
    const f = await sendingFixture(6);
    const mailer = new QuotaMailer({ maxSendRate: 5, max24HourSend: 200, sentLast24Hours: 0 });
    const waits: number[] = [];
    const deps = { ...f.restart(mailer), sleep: async (ms: number) => void (waits.push(ms), await new Promise((r) => setTimeout(r, ms))) };
    // Act
    const report = await sendIssue(deps, { themeId: 'junior-partner' });
    await sendIssue(deps, { themeId: 'junior-partner' });
    // Assess
    expect(report).toMatchObject({ recipients: 6, sent: 6 });
    expect(mailer.asked).toBe(1);
    expect(waits.filter((ms) => ms >= 100).length).toBeGreaterThanOrEqual(4);
  });

  it('does not wait when the service reports no quota', async () => {
    // Prepare
    const f = await sendingFixture(6);
    const mailer = new QuotaMailer(null);
    const waits: number[] = [];
    const deps = { ...f.restart(mailer), sleep: async (ms: number) => void waits.push(ms) };
    // Act
    const report = await sendIssue(deps, { themeId: 'junior-partner' });
    // Assess
    expect(report).toMatchObject({ recipients: 6, sent: 6 });
    expect(waits.filter((ms) => ms >= 100)).toEqual([]);
  });
});
