/**
 * A subscribe made while SES is down (the emulator killed with SIGKILL) is not lost: the API
 * answers 202, the outbox retries (logging each try) without spending the mailbox's hourly
 * limit, and once SES is back the confirmation mail arrives exactly once, with one consent
 * record for the one request.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { loadConfig, type Config } from '../../lambdas/config.ts';
import { wireSubscriptionDeps } from '../../lambdas/handlers/subscription-wiring.ts';
import { startApiServer, type ApiServer } from '../../lambdas/local/api-server.ts';
import { startDynalite, startServiceProcess, type LocalService } from '../../lambdas/local/local-services.ts';
import { emulatorMessages } from '../support/local-services.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = path.resolve(__dirname, '../..');
let dynamo: LocalService;
let ses: Awaited<ReturnType<typeof startServiceProcess>>;
let api: ApiServer;
let config: Config;
const logged: string[] = [];

beforeAll(async () => {
  dynamo = await startDynalite();
  ses = await startServiceProcess('ses');
  config = loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_PUBLIC_URL: 'http://127.0.0.1:3000', NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') }, { themes: path.join(ROOT, 'themes.yaml') });
  await ensureTable(openTable(config));
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
  api = await startApiServer(wireSubscriptionDeps(config, await loadThemes(config.themesFile)), { port: 0 });
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await api?.close();
  await ses?.stop();
  await dynamo?.stop();
});

const events = (name: string) => logged.filter((l) => l.includes(`"event":"${name}"`));

describe('SES down during a subscribe', () => {
  it('mails the confirmation exactly once when SES comes back, after more failed tries than the hourly limit', async () => {
    // Prepare: SES dies without a goodbye
    const port = ses.port;
    process.kill(ses.pid!, 'SIGKILL');
    await ses.exited;
    // Act: the reader subscribes; the outbox tries three times while SES is away
    const r = await fetch(`${api.url}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'patient@example.com', themes: ['junior-partner'] }) });
    expect(r.status).toBe(202);
    await waitFor('three failed deliveries, each logged', () => events('subscribe_request_retry').length >= 3, 30_000);
    ses = await startServiceProcess('ses', { port });
    const mails = await waitFor('the confirmation mail', async () => {
      const m = (await emulatorMessages(ses.storeUrl)).filter((x) => x.destination.to.some((t) => t.includes('patient@example.com')));
      return m.length ? m : null;
    }, 40_000);
    // Assess: once, and nothing given up on; later runs send nothing more
    await waitFor('the outbox to empty', async () => (await wireSubscriptionDeps(config, await loadThemes(config.themesFile)).outbox!.size()) === 0);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/confirm/i);
    expect(events('subscribe_request_dropped')).toEqual([]);
    expect(events('subscribe_request_rate_limited')).toEqual([]);
    const consent = await new DynamoSubscriberStore(openTable(config)).listConsent('patient@example.com');
    expect(consent.filter((c) => c.action === 'subscribe')).toHaveLength(1);
    expect(events('subscribe_request_retry').every((l) => !l.includes('patient@example.com'))).toBe(true);
  }, 90_000);
});
