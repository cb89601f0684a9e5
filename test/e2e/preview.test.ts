/// <reference lib="dom" />
/**
 * The editor preview in a real headless Chromium (the one @sparticuz/chromium ships):
 * themes, device and dark views, the why panel, live reload, the error overlay and recovery.
 * Works on temporary copies of templates/, corpus/ and themes.yaml. Screenshots go to
 * test-results/preview/.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { FsCorpusReader } from '../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { FsEditorialStore } from '../../lambdas/adapters/fs/fs-editorial-store.ts';
import { FsIssueStore } from '../../lambdas/adapters/fs/fs-issue-store.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { InProcessQueue } from '../../lambdas/adapters/memory/in-process-queue.ts';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { MemorySendLedger } from '../../lambdas/adapters/memory/memory-send-ledger.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig, type Config } from '../../lambdas/config.ts';
import { startPreviewServer, type PreviewServer } from '../../lambdas/local/preview-server.ts';
import { systemClock } from '../../lambdas/ports/clock.ts';
import { ingestCorpus } from '../../lambdas/services/ingest-corpus.ts';
import { SAMPLE_READER } from '../../lambdas/services/render-issue-preview.ts';
import { sendIssue } from '../../lambdas/services/send-issue.ts';
import type { SendBatchMessage, SendingDeps } from '../../lambdas/services/sending-deps.ts';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/preview');
let dir: string;
let config: Config;
let server: PreviewServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const testSends: [string, string][] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'preview-'));
  for (const p of ['templates', 'corpus', 'themes.yaml']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  config = loadConfig({ NEWSLETTER_TEMPLATES: path.join(dir, 'templates') }, { corpus: path.join(dir, 'corpus'), themes: path.join(dir, 'themes.yaml'), data: path.join(dir, '.data') });
  server = await startPreviewServer(config, { port: 0, sendTest: async (themeId, to) => { testSends.push([themeId, to]); return { sent: 1, issueId: `${themeId}-test` }; } });
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: [...chromium.args, '--no-sandbox'], headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const emailFrame = () => page.frameLocator('#email');
/** Live reload only reaches a page whose event stream is open: wait for it before editing a file. */
const liveReloadConnected = () => page.waitForFunction(() => (window as unknown as { liveReload?: EventSource }).liveReload?.readyState === 1);

describe('editor preview in a real browser', () => {
  it('lists every theme and opens one with its why panel and checks', async () => {
    // Act
    await page.goto(server.url);
    // Assess
    expect(await page.locator('.themes li').count()).toBe(7);
    await page.screenshot({ path: path.join(SHOTS, 'index.png') });
    await page.click('text=The junior partner');
    await page.waitForSelector('h1:has-text("The junior partner")');
    expect(await page.locator('.why').count()).toBeGreaterThan(0);
    // the relevance model's verdict: probability, cut and the deciding features
    expect(await page.locator('.why').first().textContent()).toMatch(/relevance 0\.\d+ \(cut 0\.\d+; decided by \w+/);
    expect(await page.locator('aside li.bad').count()).toBe(0);
    await emailFrame().locator('h1').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'desktop.png'), fullPage: false });
  });

  it('switches to another theme', async () => {
    await page.click('header >> text=From rivals to partners');
    await page.waitForSelector('h1:has-text("From rivals to partners")');
    await page.goto(`${server.url}theme/junior-partner`);
  });

  it('shows the mobile widths without horizontal overflow at 320 px', async () => {
    for (const width of [375, 320]) {
      // Act
      await page.click(`button[data-width="${width}"]`);
      await page.waitForFunction((w) => (document.getElementById('email') as HTMLIFrameElement).width === String(w), width);
      // Assess
      const overflow = await page.evaluate(() => {
        const d = (document.getElementById('email') as HTMLIFrameElement).contentDocument!;
        return d.documentElement.scrollWidth - d.documentElement.clientWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SHOTS, `mobile-${width}.png`) });
    }
  });

  it('shows the dark view and the plain-text view', async () => {
    // Act
    await page.click('button[data-mode="dark"]');
    // The iframe's src changes at once but its document loads later: wait for the dark
    // document itself to be loaded, not for the attribute (the old light page still has an h1).
    await page.waitForFunction(() => {
      const d = (document.getElementById('email') as HTMLIFrameElement).contentDocument;
      return !!d && d.location.search.includes('mode=dark') && d.readyState === 'complete' && !!d.querySelector('.nl-card h1');
    });
    // Assess: the dark rules apply inside the email
    const color = await emailFrame().locator('.nl-card h1').first().evaluate((e) => getComputedStyle(e).color);
    expect(color).toBe('rgb(230, 230, 230)');
    await page.screenshot({ path: path.join(SHOTS, 'dark.png') });
    await page.click('button[data-mode="text"]');
    expect(await page.locator('#text').isVisible()).toBe(true);
    expect(await page.locator('#text').textContent()).toContain('Unsubscribe from The junior partner');
    await page.screenshot({ path: path.join(SHOTS, 'text.png') });
  });

  it('reloads when a template changes, shows an overlay when it breaks, and recovers', async () => {
    // Prepare: a theme whose issue has an "In brief"
    await page.goto(`${server.url}theme/arms-and-exercises`);
    await emailFrame().locator('h2').first().waitFor();
    const file = path.join(dir, 'templates/digest/template.mjml');
    const original = readFileSync(file, 'utf8');
    // Act: an edit
    await liveReloadConnected();
    writeFileSync(file, original.replace('In brief', 'At a glance'));
    // Assess: the page reloads by itself
    await emailFrame().locator('h2:has-text("At a glance")').waitFor({ timeout: 15_000 });
    // Act: break it (on the reloaded page, once its event stream is open again)
    await liveReloadConnected();
    writeFileSync(file, original.replaceAll('<mj-column>', '<mj-column><mj-bogus />'));
    await page.waitForSelector('#overlay', { timeout: 15_000 });
    const overlay = await page.locator('#overlay').textContent();
    expect(overlay).toMatch(/template\.mjml/);
    expect(overlay).toMatch(/line: \d+/);
    expect(overlay).toMatch(/mj-bogus/);
    await page.screenshot({ path: path.join(SHOTS, 'overlay.png') });
    // Act: fix it
    await liveReloadConnected();
    writeFileSync(file, original);
    await page.waitForSelector('h1:has-text("Arms, exercises and the alliance question")', { timeout: 15_000 });
    expect(await page.locator('#overlay').count()).toBe(0);
  });

  it('shows bad themes.yaml with its line and recovers', async () => {
    const file = path.join(dir, 'themes.yaml');
    const original = readFileSync(file, 'utf8');
    await liveReloadConnected();
    writeFileSync(file, original.replace('timezone: UTC', 'timezone: Mars/Base'));
    await page.waitForSelector('#overlay', { timeout: 15_000 });
    expect(await page.locator('#overlay').textContent()).toMatch(/themes\.yaml line \d+: unknown timezone/);
    await liveReloadConnected();
    writeFileSync(file, original);
    await page.waitForSelector('h1:has-text("Arms, exercises and the alliance question")', { timeout: 15_000 });
  });

  it('had no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('preview actions', () => {
  it('sends a test to the editor through the form (with its CSRF token)', async () => {
    await page.goto(`${server.url}theme/junior-partner`);
    await page.fill('input[name="to"]', 'editor@example.org');
    await page.click('text=Send a test to me');
    await page.waitForSelector('[role="status"]');
    expect(await page.locator('[role="status"]').textContent()).toMatch(/sent to editor@example\.org/);
    expect(testSends).toEqual([['junior-partner', 'editor@example.org']]);
  });

  it('refuses a foreign Host header and a POST without the CSRF token', async () => {
    const url = new URL(server.url);
    const foreign = await fetch(`${server.url}theme/junior-partner/send-test`, { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'to=a@example.com' }).catch(() => null);
    // fetch may refuse to override Host; then check through a raw request
    if (foreign) expect([403, 421]).toContain(foreign.status);
    const noCsrf = await fetch(`${server.url}theme/junior-partner/send-test`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'to=a@example.com' });
    expect(noCsrf.status).toBe(403);
    expect(url.hostname).toBe('127.0.0.1');
  });
});

describe("the editor's desk in the preview", () => {
  it('excludes and pins passages with the why panel\'s buttons, writes a note, and sees it in the email', async () => {
    // Prepare
    await page.goto(`${server.url}theme/war-and-sanctions`);
    const first = await page.locator('.why').first().getAttribute('data-excerpt');
    // Act: exclude the first excerpt
    await page.locator('.why').first().locator('button:has-text("Exclude")').click();
    await page.waitForSelector('h1:has-text("The war in Ukraine")');
    // Assess: it is gone, and listed as excluded with a way back
    expect(await page.locator(`.why[data-excerpt="${first}"]`).count()).toBe(0);
    expect(await page.locator('#editor').textContent()).toContain(first!);
    // Act: a note and a subject
    await page.fill('.note input[name="subject"]', 'Sanctions, week by week');
    await page.fill('.note textarea[name="text"]', 'A line from the editor <b>not bold</b>.');
    await page.click('.note button');
    await page.waitForSelector('h1:has-text("The war in Ukraine")');
    // Assess: the note stands above the excerpts in the email, escaped; the subject is the editor's
    await emailFrame().locator('p.nl-note').waitFor();
    expect(await emailFrame().locator('p.nl-note').textContent()).toBe('A line from the editor <b>not bold</b>.');
    expect(await page.locator('p.terms').first().textContent()).toContain('Subject: Sanctions, week by week');
    await page.screenshot({ path: path.join(SHOTS, 'desk.png'), fullPage: true });
  });

  it('approves the issue: the preview then shows it frozen and says when the corpus changed since', async () => {
    // Act
    await page.goto(`${server.url}theme/war-and-sanctions`);
    await page.click('text=Approve this issue');
    await page.waitForSelector('#frozen');
    // Assess
    expect(await page.locator('#frozen').textContent()).toMatch(/Frozen: war-and-sanctions-\d{4}-\d{2}-\d{2} was approved/);
    expect(await page.locator('#editor').count()).toBe(0);
    // Act: the corpus changes after approval
    await liveReloadConnected();
    const extra = path.join(dir, 'corpus', 'late-news.txt');
    writeFileSync(extra, 'Late news on sanctions\n\nWestern sanctions on Russia were widened again this week as the war in Ukraine went on, and the war machine needs ever more imports from China to keep running.\n');
    // Assess: still the frozen issue, now with the notice
    await page.waitForSelector('#frozen strong', { timeout: 15_000 });
    expect(await page.locator('#frozen').textContent()).toMatch(/changed since/);
    await page.screenshot({ path: path.join(SHOTS, 'frozen.png'), fullPage: false });
  });
});

describe('what readers receive is what the preview showed', () => {
  it('a dry run freezes nothing; a corpus edit shows on reload; the sent mail equals the preview', async () => {
    // Prepare: the send path over the preview's own folders, one reader (the preview's sample reader)
    const subscribers = new MemorySubscriberStore();
    await subscribers.setThemes(SAMPLE_READER, [{ themeId: 'regional-reach', status: 'active' }], new Date().toISOString());
    const mailer = new MemoryMailer();
    const deps: SendingDeps = {
      issues: new FsIssueStore(path.join(dir, '.data', 'issues')),
      editorial: new FsEditorialStore(path.join(dir, '.data', 'editorial')),
      ledger: new MemorySendLedger(),
      queue: new InProcessQueue<SendBatchMessage>(),
      subscribers,
      suppression: new MemorySuppressionList(),
      mailer,
      clock: systemClock,
      config,
      themes: await loadThemes(path.join(dir, 'themes.yaml')),
      corpus: async () => ({ corpus: await ingestCorpus(new FsCorpusReader(path.join(dir, 'corpus'))) }),
      sleep: async () => undefined,
    };
    // Act: a dry run, then the corpus changes while the preview is open
    const dry = await sendIssue(deps, { themeId: 'regional-reach', dryRun: true });
    await page.goto(`${server.url}theme/regional-reach`);
    await liveReloadConnected();
    writeFileSync(path.join(dir, 'corpus', 'arctic-route.txt'), 'Arctic route opens\n\nShips on the northern sea route through the Arctic now carry cargo between China and Europe, and the Shanghai Cooperation states in Central Asia want a share of that trade for their own railways.\n');
    await emailFrame().locator('text=Ships on the northern sea route').waitFor({ timeout: 15_000 });
    const previewed = await (await fetch(`${server.url}theme/regional-reach/email.html`)).text();
    const sent = await sendIssue(deps, { themeId: 'regional-reach' });
    // Assess: the dry run froze nothing, the send went once, and the mail is the page the editor saw
    expect(dry.status).toBe('dry-run');
    expect(dry.reason).toMatch(/not frozen/);
    expect(sent.status).toBe('sent');
    expect(sent.sent).toBe(1);
    const received = await simpleParser(Buffer.from(mailer.sent[0].raw));
    expect(received.html).toBe(previewed);
    expect(received.html).toContain('Ships on the northern sea route');
  });
});

describe('an archive page in the browser', () => {
  it('reads at 320 px without sideways scrolling, and in dark mode', async () => {
    // Prepare: publish an issue built from the sample corpus into a fresh archive
    const { FsArchiveStore } = await import('../../lambdas/adapters/fs/fs-archive-store.ts');
    const { publishArchive } = await import('../../lambdas/services/publish-archive.ts');
    const { prepareIssue } = await import('../../lambdas/services/prepare-issue.ts');
    const { loadThemes } = await import('../../lambdas/adapters/fs/themes-file.ts');
    const { ingestCorpus } = await import('../../lambdas/services/ingest-corpus.ts');
    const { FsCorpusReader } = await import('../../lambdas/adapters/fs/fs-corpus-reader.ts');
    const { MemoryIssueStore } = await import('../../lambdas/adapters/memory/memory-issue-store.ts');
    config = loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'), NEWSLETTER_PUBLIC_URL: 'https://news.example.org' });
    const themes = await loadThemes(path.join(ROOT, 'themes.yaml'));
    const corpus = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
    const prepared = await prepareIssue({ issues: new MemoryIssueStore(), config, themes, clock: { now: () => new Date('2026-11-30T06:00:00Z') }, corpus: async () => ({ corpus }) }, themes[0]);
    const archive = new FsArchiveStore(mkdtempSync(path.join(os.tmpdir(), 'archive-')));
    await publishArchive({ archive, config, themes, clock: { now: () => new Date('2026-11-30T08:00:00Z') } }, prepared.live);
    const html = (await archive.get(`${themes[0].id}/${prepared.live.id}`))!.body.toString();
    const p = await browser.newPage({ viewport: { width: 320, height: 800 } });
    // Act
    await p.setContent(html);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await p.screenshot({ path: path.join(SHOTS, 'archive-320.png'), fullPage: false });
    await p.emulateMedia({ colorScheme: 'dark' });
    const background = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await p.screenshot({ path: path.join(SHOTS, 'archive-dark.png'), fullPage: false });
    await p.close();
    // Assess
    expect(overflow).toBeLessThanOrEqual(0);
    expect(background).toBe('rgb(22, 27, 34)');
    expect(html).not.toMatch(/token=/);
  });
});
