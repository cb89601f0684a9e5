/**
 * Sending on the local stack: dynalite (subscribers, ledger), the SES emulator, the issue
 * store in a data folder and the in-process queue; plus POST /sends on the HTTP API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { FsIssueStore } from '../../lambdas/adapters/fs/fs-issue-store.ts';
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

describe('the archive of sent issues', () => {
  it('publishes a sent issue as a page and in both feeds, linked from the mail, with nothing personal', async () => {
    // Prepare: the issue sent in the first test
    const mails = await emulatorMessages(ses.storeUrl);
    const text = mails[0].body.text!;
    const link = /View in your browser: (http:\/\/127\.0\.0\.1:\d+\/archive\/war-and-sanctions\/[a-z0-9-]+)/.exec(text)?.[1];
    expect(link).toBeDefined();
    const issuePath = new URL(link!).pathname;
    // Act
    const page = await fetch(`${api.url}${issuePath}`);
    const list = await fetch(`${api.url}/archive/war-and-sanctions/`);
    const index = await fetch(`${api.url}/archive/`);
    const atom = await (await fetch(`${api.url}/archive/war-and-sanctions/feed.xml`)).text();
    const json = await (await fetch(`${api.url}/archive/war-and-sanctions/feed.json`)).text();
    // Assess: the page, the list, the index
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    const html = await page.text();
    expect(html).toContain(mails[0].subject.replace(/'/g, '&#x27;'));
    expect(html).toMatch(/<form class="subscribe" method="post" action="[^"]+\/subscribe">/);
    expect(await list.text()).toContain(issuePath.split('/').pop());
    expect(await index.text()).toContain('/archive/war-and-sanctions/');
    // feeds that parse as Atom 1.0 and JSON Feed 1.1, newest first
    const { parseFeed } = await import('feedsmith');
    const a = parseFeed(atom) as { format: string; feed: { entries: { links: { href: string }[] }[] } };
    const j = parseFeed(json) as { format: string; feed: { items: { url: string }[] } };
    expect(a.format).toBe('atom');
    expect(j.format).toBe('json');
    expect(a.feed.entries[0].links[0].href).toBe(link);
    expect(j.feed.items[0].url).toBe(link);
    // nothing personal anywhere in the archive
    for (const body of [html, atom, json]) {
      expect(body).not.toMatch(/token=|unsubscribe\?|preferences\?|r\d+@example\.com/);
    }
  });

  it('answers 404 for paths outside the archive, unknown themes and issues', async () => {
    for (const p of ['/archive/../package.json', '/archive/%2e%2e/%2e%2e/package.json', '/archive/war-and-sanctions/%00', '/archive/war-and-sanctions/..%2f..%2fpackage.json', '/archive/_manifest/war-and-sanctions.json', '/archive/no-such-theme/', '/archive/war-and-sanctions/no-such-issue', '/archive/war-and-sanctions/feed.txt']) {
      const r = await fetch(`${api.url}${p}`);
      expect([404], p).toContain(r.status);
    }
  });

  it('does not publish a dry run or a test send', async () => {
    const before = await (await fetch(`${api.url}/archive/arms-and-exercises/`)).status;
    await sendIssue(sendingDeps(await loadThemes(config.themesFile)), { themeId: 'arms-and-exercises', dryRun: true });
    await sendIssue(sendingDeps(await loadThemes(config.themesFile)), { themeId: 'arms-and-exercises', to: 'editor@example.org' });
    expect(before).toBe(404);
    expect((await fetch(`${api.url}/archive/arms-and-exercises/`)).status).toBe(404);
  });
});

describe('engagement from the command line', () => {
  /** Runs the real CLI against this file's dynalite and data folder. */
  const newsletter = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), ...args, '--data', config.dataDir], { cwd: ROOT, env: { ...process.env, NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint } }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
    );

  /** An SES event fixture (as SNS delivers it) rewritten for one reader of an issue; returns its file. */
  const fixture = (name: string, to: string, issue: { id: string; themeId: string }) => {
    const n = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/ses-events', name), 'utf8'));
    const m = JSON.parse(n.Message);
    m.mail.destination = [to];
    m.mail.tags = { issue: [issue.id], theme: [issue.themeId] };
    if (m.bounce) m.bounce.bouncedRecipients = [{ emailAddress: to }];
    if (m.delivery) m.delivery.recipients = [to];
    const file = path.join(config.dataDir, `${name}-${issue.id}-${to}`);
    writeFileSync(file, JSON.stringify({ ...n, Message: JSON.stringify(m) }));
    return file;
  };

  it('records SES notifications with ses-event and shows them in issues show and stats', async () => {
    // Prepare: a delivery and a bounce notification (as SNS delivers them) for the issue sent above
    const [issue] = await new FsIssueStore(path.join(config.dataDir, 'issues')).listByTheme('war-and-sanctions');
    const event = (name: string, to: string) => fixture(name, to, issue);
    // Act
    const delivered = await newsletter(['ses-event', event('delivery.json', 'r1@example.com')]);
    const bounced = await newsletter(['ses-event', event('permanent-bounce.json', 'r2@example.com')]);
    const show = await newsletter(['issues', 'show', issue.id]);
    const stats = await newsletter(['stats', '--theme', 'war-and-sanctions']);
    // Assess
    expect(delivered).toMatchObject({ code: 0, stdout: expect.stringContaining(`counted delivered for 1 reader(s) of ${issue.id}`) });
    expect(bounced.code).toBe(0);
    expect(bounced.stdout).toContain(`counted bounced for 1 reader(s) of ${issue.id}; suppressed `);
    expect(show.stdout).toContain('delivered 1, bounced 1, complained 0 (opens and clicks not tracked for this theme)');
    expect(stats.stdout).toMatch(new RegExp(`${issue.id}.*delivered 1\\s+bounced 1\\s+complained 0`));
  }, 60_000);

  it('counts unique opens and clicks for a theme that tracks them, and shows the rates', async () => {
    // Prepare: a copy of themes.yaml where regional-reach tracks clicks; three readers get its issue
    const { parse, stringify } = await import('yaml');
    const doc = parse(readFileSync(config.themesFile, 'utf8')) as { themes: { id: string; tracking?: string }[] };
    doc.themes.find((t) => t.id === 'regional-reach')!.tracking = 'clicks';
    const trackedFile = path.join(config.dataDir, 'themes-tracked.yaml');
    writeFileSync(trackedFile, stringify(doc));
    const store = new DynamoSubscriberStore(openTable(config));
    for (const r of ['t1', 't2', 't3']) await store.setThemes(`${r}@example.com`, [{ themeId: 'regional-reach', status: 'active' }], new Date().toISOString());
    const report = await sendIssue(sendingDeps(await loadThemes(trackedFile)), { themeId: 'regional-reach' });
    const [issue] = await new FsIssueStore(path.join(config.dataDir, 'issues')).listByTheme('regional-reach');
    const cli = (args: string[]) => newsletter([...args, '--themes', trackedFile]);
    // Act: three deliveries, one reader opens twice and clicks, another clicks (a click implies the open)
    for (const r of ['t1', 't2', 't3']) expect((await cli(['ses-event', fixture('delivery.json', `${r}@example.com`, issue)])).code).toBe(0);
    for (const [name, r] of [['open.json', 't1'], ['open.json', 't1'], ['click.json', 't1'], ['open.json', 't2'], ['click.json', 't2']]) expect((await cli(['ses-event', fixture(name, `${r}@example.com`, issue)])).code).toBe(0);
    const show = await cli(['issues', 'show', issue.id]);
    const stats = await cli(['stats', '--theme', 'regional-reach']);
    const json = JSON.parse((await cli(['stats', '--theme', 'regional-reach', '--format', 'json'])).stdout) as { tracking: string; issues: { id: string; engagement: Record<string, number> }[] };
    // Assess
    expect(report).toMatchObject({ sent: 3 });
    expect(issue.tracking).toBe('clicks');
    expect(show.stdout).toContain('delivered 3, bounced 0, complained 0, opened 2 (unique), clicked 2 (unique)');
    expect(stats.stdout).toMatch(new RegExp(`${issue.id}\\s+sent 3\\s+delivered 3\\s+opened 2 \\(67%\\)\\s+clicked 2 \\(67%\\)`));
    expect(json.tracking).toBe('clicks');
    expect(json.issues.find((r) => r.id === issue.id)!.engagement).toMatchObject({ delivered: 3, opened: 2, clicked: 2 });
  }, 90_000);

  it('lists each theme\'s upcoming draft beside the issues already frozen', async () => {
    // Prepare: war-and-sanctions was sent above; arms-and-exercises only had a dry run and a test send
    const [issue] = await new FsIssueStore(path.join(config.dataDir, 'issues')).listByTheme('war-and-sanctions');
    // Act
    const list = await newsletter(['issues', 'list']);
    const json = JSON.parse((await newsletter(['issues', 'list', '--format', 'json'])).stdout) as { issues: { id: string; state: string; theme: string; excerpts: number }[] };
    // Assess
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${issue.id}  ${issue.period}  sent `, 'm'));
    expect(list.stdout).toMatch(/^arms-and-exercises-\S+  \S+  draft  .*not frozen yet \(newsletter approve --theme arms-and-exercises/m);
    const draft = json.issues.find((r) => r.theme === 'arms-and-exercises')!;
    expect(draft).toMatchObject({ state: 'draft' });
    expect(json.issues.filter((r) => r.state === 'draft').every((r) => !json.issues.some((f) => f.state !== 'draft' && f.id === r.id))).toBe(true);
  }, 60_000);
});
