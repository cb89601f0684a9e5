/**
 * Sending on the local stack: dynalite (subscribers, ledger), the SES emulator, the issue
 * store in a data folder and the in-process queue; plus POST /sends on the HTTP API.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { loadConfig, type Config } from '../../lambdas/config.ts';
import { wireSendingDeps } from '../../lambdas/handlers/sending-wiring.ts';
import { wireSubscriptionDeps } from '../../lambdas/handlers/subscription-wiring.ts';
import { startApiServer, type ApiServer } from '../../lambdas/local/api-server.ts';
import { startDynalite, startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { sendIssue } from '../../lambdas/services/send-issue.ts';
import { emulatorMessages } from '../support/local-services.ts';

const ROOT = path.resolve(__dirname, '../..');
let dynamo: LocalService;
let ses: LocalService & { storeUrl: string };
let config: Config;
let api: ApiServer;
/** A fixed Tuesday: both sends fall in the same period whatever the day and hour the suite runs. */
const clock = { now: () => new Date('2026-12-01T12:00:00Z') };
const sendingDeps = (themes: Awaited<ReturnType<typeof loadThemes>>) => ({ ...wireSendingDeps(config, themes), clock });

beforeAll(async () => {
  dynamo = await startDynalite();
  ses = await startSesEmulator();
  config = loadConfig(
    { NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'), NEWSLETTER_API_TOKEN: 'test-token' },
    { data: mkdtempSync(path.join(os.tmpdir(), 'send-')), corpus: path.join(ROOT, 'corpus'), themes: path.join(ROOT, 'themes.yaml') },
  );
  const table = openTable(config);
  await ensureTable(table);
  const store = new DynamoSubscriberStore(table);
  for (let i = 0; i < 25; i++) await store.setThemes(`r${i}@example.com`, [{ themeId: 'war-and-sanctions', status: 'active' }], new Date().toISOString());
  await store.setThemes('pending@example.com', [{ themeId: 'war-and-sanctions', status: 'pending' }], new Date().toISOString());
  const themes = await loadThemes(config.themesFile);
  const sending = sendingDeps(themes);
  api = await startApiServer({ ...wireSubscriptionDeps(config, themes), sends: (input) => sendIssue(sending, input) }, { port: 0 });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await ses?.stop();
  await dynamo?.stop();
});

describe('newsletter send on the local stack', () => {
  it('delivers the issue once to each confirmed subscriber, visible in the SES emulator', async () => {
    // Act
    const report = await sendIssue(sendingDeps(await loadThemes(config.themesFile)), { themeId: 'war-and-sanctions' });
    // Assess
    expect(report).toMatchObject({ recipients: 25, sent: 25, failed: 0, uncertain: 0 });
    const mails = await emulatorMessages(ses.storeUrl);
    const to = mails.map((m) => m.destination.to[0]);
    expect(new Set(to).size).toBe(25);
    expect(to).not.toContain('pending@example.com');
    expect(mails[0].subject).toMatch(/The war in Ukraine/);
  });

  it('sends nothing the second time and says why', async () => {
    const report = await sendIssue(sendingDeps(await loadThemes(config.themesFile)), { themeId: 'war-and-sanctions' });
    expect(report.status).toBe('nothing-to-send');
    expect(report.reason).toMatch(/already received/);
    expect(await emulatorMessages(ses.storeUrl)).toHaveLength(25);
  });
});

describe('POST /sends', () => {
  const send = (body: string, headers: Record<string, string> = { authorization: 'Bearer test-token', 'content-type': 'application/json' }) => fetch(`${api.url}/sends`, { method: 'POST', headers, body });

  it('runs a dry run with the bearer token', async () => {
    const r = await send(JSON.stringify({ theme: 'war-and-sanctions', dryRun: true }));
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'dry-run', recipients: 25, sent: 0 });
  });

  it.each([
    ['no token', JSON.stringify({ theme: 'war-and-sanctions' }), { 'content-type': 'application/json' }, 401],
    ['a wrong token', JSON.stringify({ theme: 'war-and-sanctions' }), { authorization: 'Bearer nope', 'content-type': 'application/json' }, 401],
    ['invalid JSON', '{', undefined, 400],
    ['no theme', JSON.stringify({}), undefined, 400],
    ['an unknown theme', JSON.stringify({ theme: 'nope' }), undefined, 404],
    ['a bad address', JSON.stringify({ theme: 'war-and-sanctions', to: 'not-an-address' }), undefined, 400],
    ['a form body', 'theme=x', { authorization: 'Bearer test-token', 'content-type': 'application/x-www-form-urlencoded' }, 415],
  ])('refuses %s with a 4xx and sends nothing', async (_n, body, headers, status) => {
    const before = (await emulatorMessages(ses.storeUrl)).length;
    const r = await send(body, headers);
    expect(r.status).toBe(status);
    expect((await r.json()) as object).toHaveProperty('error');
    expect(await emulatorMessages(ses.storeUrl)).toHaveLength(before);
  });
});
