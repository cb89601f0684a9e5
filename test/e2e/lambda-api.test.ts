/**
 * The API Lambda handler with an API Gateway (HTTP API v2) event, wired to dynalite and the
 * SES emulator through the environment, as a deployed function would be to DynamoDB and SES.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startDynalite, startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { emulatorMessages } from '../support/local-services.ts';

const ROOT = path.resolve(__dirname, '../..');
let dynamo: LocalService;
let ses: LocalService & { storeUrl: string };

beforeAll(async () => {
  dynamo = await startDynalite();
  ses = await startSesEmulator();
  const env = {
    NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint,
    NEWSLETTER_SES_ENDPOINT: ses.endpoint,
    NEWSLETTER_TABLE: 'lambda-api',
    NEWSLETTER_THEMES: path.join(ROOT, 'themes.yaml'),
    NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'),
    NEWSLETTER_PUBLIC_URL: 'https://news.example.org',
  };
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  await ensureTable(openTable(loadConfig(env)));
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await ses?.stop();
  await dynamo?.stop();
});

const event = (method: string, rawPath: string, body?: string, headers: Record<string, string> = {}) => ({
  rawPath,
  rawQueryString: '',
  headers: { 'content-type': 'application/json', ...headers },
  body: body ? Buffer.from(body).toString('base64') : undefined,
  isBase64Encoded: true,
  requestContext: { http: { method, sourceIp: '203.0.113.7' } },
});

describe('api Lambda handler', () => {
  it('subscribes through an API Gateway event and mails the confirmation with https links', async () => {
    // Prepare
    const { handler } = await import('../../lambdas/handlers/api.ts');
    // Act
    const res = await handler(event('POST', '/subscribe', JSON.stringify({ email: 'lambda@example.com', themes: ['junior-partner'] })));
    // Assess: queued; the outbox worker Lambda (started by the table's stream on AWS) mails it
    expect(res.statusCode).toBe(202);
    const { handler: worker } = await import('../../lambdas/handlers/outbox-worker.ts');
    expect(await worker()).toMatchObject({ delivered: 1 });
    const mail = (await emulatorMessages(ses.storeUrl)).find((m) => m.destination.to.includes('lambda@example.com'))!;
    expect(mail.body.text).toContain('https://news.example.org/confirm?token=');
  });

  it('answers bad input with a 4xx JSON error', async () => {
    const { handler } = await import('../../lambdas/handlers/api.ts');
    const res = await handler(event('POST', '/subscribe', '{"email":"nope","themes":["junior-partner"]}'));
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toMatch(/not a valid email/);
  });
});
