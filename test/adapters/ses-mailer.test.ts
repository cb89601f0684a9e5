/**
 * The SES mailer on the wire: what SES v2 SendEmail receives is the exact message bytes
 * (ASCII ones handed to the SDK as a string for its native base64, 8-bit ones as bytes), the
 * one recipient, the configuration set and tags; and the SES emulator accepts and parses it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SesMailer } from '../../lambdas/adapters/ses/ses-mailer.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { emulatorMessages } from '../support/local-services.ts';

let wire: http.Server;
let wireUrl = '';
const received: { path: string; body: Record<string, any> }[] = [];
let ses: LocalService & { storeUrl: string };

beforeAll(async () => {
  wire = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: `m${received.length}` }));
    });
  });
  await new Promise<void>((r) => wire.listen(0, '127.0.0.1', r));
  wireUrl = `http://127.0.0.1:${(wire.address() as AddressInfo).port}`;
  ses = await startSesEmulator();
});
afterAll(async () => {
  wire.closeAllConnections();
  await new Promise<void>((r) => wire.close(() => r()));
  await ses?.stop();
});

const mailerAt = (endpoint: string, configurationSet: string | null = null) => {
  const config = loadConfig({ NEWSLETTER_SES_ENDPOINT: endpoint });
  return new SesMailer({ ...config, aws: { ...config.aws, configurationSet } });
};

const message = (body: string) => Buffer.from(`From: news@example.org\r\nTo: ana@example.com\r\nSubject: Hello\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`, 'utf8');

describe('the account quota (GetAccount)', () => {
  it('reads MaxSendRate and the daily figures from the account', async () => {
    // Prepare: a server answering GetAccount as SES does
    const account = http.createServer((req, res) => {
      const ok = req.method === 'GET' && req.url === '/v2/email/account';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { SendQuota: { MaxSendRate: 14, Max24HourSend: 50000, SentLast24Hours: 12 }, SendingEnabled: true } : {}));
    });
    await new Promise<void>((r) => account.listen(0, '127.0.0.1', r));
    // Act
    const quota = await mailerAt(`http://127.0.0.1:${(account.address() as AddressInfo).port}`).sendQuota();
    account.closeAllConnections();
    await new Promise<void>((r) => account.close(() => r()));
    // Assess
    expect(quota).toEqual({ maxSendRate: 14, max24HourSend: 50000, sentLast24Hours: 12 });
  });

  it('is null, not an error, when the service does not answer it (the local emulator)', async () => {
    // Act / Assess
    expect(await mailerAt(ses.endpoint).sendQuota()).toBeNull();
    expect(await mailerAt('http://127.0.0.1:1').sendQuota()).toBeNull();
  });
});

describe('the SES mailer', () => {
  it('hands SES the exact bytes of an ASCII message, with the recipient, configuration set and tags', async () => {
    // Prepare
    const raw = message('Plain ASCII body.');
    // Act
    const r = await mailerAt(wireUrl, 'newsletter').send({ to: 'ana@example.com', raw, tags: { issue: 'weekly-2026-12-07', theme: 'weekly' } });
    // Assess
    const got = received.at(-1)!;
    expect(r.messageId).toBe(`m${received.length}`);
    expect(got.path).toBe('/v2/email/outbound-emails');
    expect(Buffer.from(got.body.Content.Raw.Data, 'base64').equals(raw)).toBe(true);
    expect(got.body.Destination).toEqual({ ToAddresses: ['ana@example.com'] });
    expect(got.body.ConfigurationSetName).toBe('newsletter');
    expect(got.body.EmailTags).toEqual([{ Name: 'issue', Value: 'weekly-2026-12-07' }, { Name: 'theme', Value: 'weekly' }]);
  });

  it('hands SES the exact bytes of a message with 8-bit text (never re-encoded as a string)', async () => {
    // Prepare
    const raw = message('Café, naïve, 東京 and a latin-1 byte \u00ff.');
    // Act
    await mailerAt(wireUrl).send({ to: 'ana@example.com', raw });
    // Assess
    expect(Buffer.from(received.at(-1)!.body.Content.Raw.Data, 'base64').equals(raw)).toBe(true);
    expect(received.at(-1)!.body.ConfigurationSetName).toBeUndefined();
  });

  it('is accepted by the SES emulator, which reads the message back', async () => {
    // Prepare
    const raw = message('Café for the emulator.');
    // Act
    const r = await mailerAt(ses.endpoint).send({ to: 'ana@example.com', raw });
    // Assess
    const mails = await emulatorMessages(ses.storeUrl);
    expect(r.messageId).not.toBe('');
    expect(mails.map((m) => [m.subject, m.body.text?.trim()])).toEqual([['Hello', 'Café for the emulator.']]);
  });
});
