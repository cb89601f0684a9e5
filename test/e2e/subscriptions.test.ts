/**
 * Subscriptions on the real local parts: dynalite, the SES emulator and the HTTP API on
 * 127.0.0.1. Subscribe -> confirmation mail in the emulator -> GET shows a button and changes
 * nothing -> POST confirms -> welcome mail; preferences; one-click unsubscribe and undo; bad
 * input gets a clear 4xx and stores nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { loadConfig, type Config } from '../../lambdas/config.ts';
import { signToken } from '../../lambdas/domain/subscriptions/tokens.ts';
import { wireSubscriptionDeps } from '../../lambdas/handlers/subscription-wiring.ts';
import { startApiServer, type ApiServer } from '../../lambdas/local/api-server.ts';
import { startDynalite, startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { waitFor } from '../support/wait-for.ts';
import { emulatorMessages } from '../support/local-services.ts';

const ROOT = path.resolve(__dirname, '../..');
let dynamo: LocalService;
let ses: LocalService & { storeUrl: string };
let api: ApiServer;
let config: Config;
let store: DynamoSubscriberStore;

const post = (p: string, body: string, type = 'application/x-www-form-urlencoded', headers: Record<string, string> = {}) => fetch(`${api.url}${p}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body, redirect: 'manual' });
const mailsTo = async (to: string) => (await emulatorMessages(ses.storeUrl)).filter((m) => m.destination.to.some((t) => t.includes(to)));
const linkIn = (text: string, route: string) => {
  const m = new RegExp(`(http://127\\.0\\.0\\.1:\\d+/${route}\\?token=[A-Za-z0-9._%-]+)`).exec(text);
  if (!m) throw new Error(`no ${route} link in: ${text.slice(0, 300)}`);
  return m[1].replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
};

beforeAll(async () => {
  dynamo = await startDynalite();
  ses = await startSesEmulator();
  // Links in mail name this public URL; the tests call the server on its own OS-chosen port.
  config = loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_PUBLIC_URL: 'http://127.0.0.1:3000', NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates') }, { themes: path.join(ROOT, 'themes.yaml') });
  await ensureTable(openTable(config));
  store = new DynamoSubscriberStore(openTable(config));
  api = await startApiServer(wireSubscriptionDeps(config, await loadThemes(config.themesFile)), { port: 0 });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await ses?.stop();
  await dynamo?.stop();
});

describe('double opt-in through the HTTP API', () => {
  const email = 'ada@example.com';

  it('serves the subscribe form', async () => {
    const r = await fetch(`${api.url}/`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('name="themes" value="junior-partner"');
  });

  it('accepts a subscription with 202 and mails a confirmation link', async () => {
    // Act
    const r = await post('/subscribe', 'email=Ada%40Example.com&themes=junior-partner&themes=common-adversary');
    // Assess: the request is queued; the outbox worker mails it
    expect(r.status).toBe(202);
    const mails = await waitFor('the confirmation mail', async () => { const m = await mailsTo(email); return m.length ? m : null; });
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/confirm/i);
    expect((await store.get(email))?.themes.map((t) => t.status)).toEqual(['pending', 'pending']);
    const consent = await store.listConsent(email);
    expect(consent[0]).toMatchObject({ action: 'subscribe', source: 'web' });
    expect(consent[0].ip).toBeTruthy();
  });

  it('shows a button on GET /confirm and changes nothing (mail scanners prefetch links)', async () => {
    const link = linkIn((await mailsTo(email))[0].body.text!, 'confirm');
    const r = await fetch(`${api.url}${link}`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Confirm my subscription</button>');
    expect((await store.get(email))?.themes.every((t) => t.status === 'pending')).toBe(true);
  });

  it('confirms on POST and sends one welcome mail with unsubscribe and preferences links', async () => {
    // Act
    const link = linkIn((await mailsTo(email))[0].body.text!, 'confirm');
    const first = await post(link, '');
    const again = await post(link, '');
    // Assess
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect((await store.get(email))?.themes.map((t) => t.status)).toEqual(['active', 'active']);
    const welcome = (await mailsTo(email)).filter((m) => /welcome/i.test(m.subject));
    expect(welcome).toHaveLength(1);
    expect(welcome[0].body.text).toMatch(/unsubscribe\?token=/);
    expect(welcome[0].body.text).toMatch(/preferences\?token=/);
    expect((await store.listActive('junior-partner')).items).toContain(email);
  });

  it('changes preferences through the signed link', async () => {
    const welcome = (await mailsTo(email)).find((m) => /welcome/i.test(m.subject))!;
    const link = linkIn(welcome.body.text!, 'preferences');
    expect(await (await fetch(`${api.url}${link}`)).text()).toContain('value="junior-partner" checked');
    const before = (await mailsTo(email)).length;
    const r = await post(link, 'themes=junior-partner&themes=regional-reach&submitted=1');
    expect(r.status).toBe(200);
    // leaving a theme takes effect at once; an added theme waits for the reader's confirmation
    expect(await r.text()).toContain('open the confirmation link we just sent');
    let statuses = Object.fromEntries((await store.get(email))!.themes.map((t) => [t.themeId, t.status]));
    expect(statuses).toMatchObject({ 'junior-partner': 'active', 'regional-reach': 'pending', 'common-adversary': 'unsubscribed' });
    const confirmMail = await waitFor('the confirmation for the added theme', async () => (await mailsTo(email)).slice(before).find((m) => /confirm/i.test(m.subject)));
    expect((await post(linkIn(confirmMail.body.text!, 'confirm'), '')).status).toBe(200);
    statuses = Object.fromEntries((await store.get(email))!.themes.map((t) => [t.themeId, t.status]));
    expect(statuses).toMatchObject({ 'junior-partner': 'active', 'regional-reach': 'active', 'common-adversary': 'unsubscribed' });
  });

  it('unsubscribes in one click (RFC 8058) and undoes it', async () => {
    // Prepare
    const token = signToken({ purpose: 'unsubscribe', email, theme: 'junior-partner', expiresAt: null }, { keys: config.tokenKeys, current: config.tokenKeyId });
    // Act
    const r = await post(`/unsubscribe?token=${token}`, 'List-Unsubscribe=One-Click', 'application/x-www-form-urlencoded', { accept: 'application/json' });
    // Assess
    expect(r.status).toBe(200);
    const body = (await r.json()) as { removed: string[]; undo: string };
    expect(body.removed).toEqual(['junior-partner']);
    expect((await store.listActive('junior-partner')).items).not.toContain(email);
    const undo = await post(body.undo.replace(/^http:\/\/127\.0\.0\.1:\d+/, ''), '');
    expect(undo.status).toBe(200);
    expect((await store.listActive('junior-partner')).items).toContain(email);
  });

  it('shows the unsubscribe page on GET without changing anything', async () => {
    const token = signToken({ purpose: 'unsubscribe', email, theme: 'junior-partner', expiresAt: null }, { keys: config.tokenKeys, current: config.tokenKeyId });
    const r = await fetch(`${api.url}/unsubscribe?token=${token}`);
    expect(await r.text()).toContain('Unsubscribe from all themes');
    expect((await store.listActive('junior-partner')).items).toContain(email);
  });
});

describe('bad input: a clear 4xx and nothing stored', () => {
  const keys = () => ({ keys: config.tokenKeys, current: config.tokenKeyId });

  it.each([
    ['a malformed address', 'email=not-an-address&themes=junior-partner', 400, /not a valid email/],
    ['an oversized address', `email=${'a'.repeat(300)}%40example.com&themes=junior-partner`, 400, /longer than 254/],
    ['CR/LF injection', 'email=eve%40example.com%0D%0ABcc%3A%20x%40y.z&themes=junior-partner', 400, /line break/],
    ['an unknown theme', 'email=eve%40example.com&themes=no-such-theme', 400, /unknown theme 'no-such-theme'/],
    ['no theme', 'email=eve%40example.com', 400, /at least one theme/],
  ])('refuses %s: the form comes back with the error and what was typed; JSON callers get JSON', async (_name, body, status, message) => {
    // Act
    const form = await post('/subscribe', body);
    const asJson = await post('/subscribe', JSON.stringify(Object.fromEntries(new URLSearchParams(body))), 'application/json');
    // Assess
    expect(form.status).toBe(status);
    expect(form.headers.get('content-type')).toMatch(/text\/html/);
    const page = await form.text();
    expect(page).toMatch(/<p class="error" role="alert" id="form-error">/);
    expect(page.replace(/&#x27;|&#39;/g, "'")).toMatch(message);
    const typed = new URLSearchParams(body).get('email')!;
    if (typed.length < 100 && !/[\r\n]/.test(typed)) expect(page).toContain(`value="${typed}"`);
    expect(asJson.status).toBe(status);
    expect(((await asJson.json()) as { error: string }).error).toMatch(message);
    expect(await store.get('eve@example.com')).toBeNull();
  });

  it('refuses invalid JSON and an oversized body', async () => {
    expect((await post('/subscribe', '{not json', 'application/json')).status).toBe(400);
    expect((await post('/subscribe', JSON.stringify({ email: 'x@example.com', themes: ['junior-partner'], pad: 'x'.repeat(20_000) }), 'application/json')).status).toBe(413);
    expect(await store.get('x@example.com')).toBeNull();
  });

  it.each([
    ['forged', () => 'dev.eyJwIjoiY29uZmlybSJ9.AAAA', /bad signature/],
    ['tampered', () => signToken({ purpose: 'confirm', email: 'mallory@example.com', theme: 'junior-partner', expiresAt: 4e9 }, keys()).replace(/\.[^.]+$/, '.x'), /signature|malformed/],
    ['expired', () => signToken({ purpose: 'confirm', email: 'mallory@example.com', theme: 'junior-partner', expiresAt: 1000 }, keys()), /expired/],
    ['for another purpose', () => signToken({ purpose: 'unsubscribe', email: 'mallory@example.com', theme: 'junior-partner', expiresAt: null }, keys()), /another purpose/],
  ])('refuses a %s token on POST /confirm', async (_name, make, message) => {
    const r = await post(`/confirm?token=${encodeURIComponent(make())}`, '');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(message);
    expect(await store.get('mallory@example.com')).toBeNull();
  });

  it('offers a new link for an expired confirmation', async () => {
    const token = signToken({ purpose: 'confirm', email: 'late@example.com', theme: 'junior-partner', expiresAt: 1000 }, keys());
    expect((await fetch(`${api.url}/confirm?token=${token}`)).status).toBe(410);
    expect((await post(`/confirm/resend?token=${token}`, '')).status).toBe(202);
    expect(await mailsTo('late@example.com')).toHaveLength(1);
  });

  it('answers wrong methods and unknown paths', async () => {
    expect((await fetch(`${api.url}/subscribe`)).status).toBe(405);
    expect((await fetch(`${api.url}/nope`)).status).toBe(404);
  });
});
