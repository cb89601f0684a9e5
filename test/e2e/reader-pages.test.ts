/// <reference lib="dom" />
/**
 * The reader-facing pages in a real headless Chromium at 320 px and in dark mode: the
 * subscribe form (and the form again with an error and what was typed), the confirm page,
 * "already confirmed", the unsubscribe and preferences pages. No sideways scrolling, dark
 * colours in dark mode, theme titles (not ids).
 */
import path from 'node:path';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { confirmPage, messagePage, preferencesPage, subscribePage, unsubscribePage } from '../../lambdas/handlers/http/pages.ts';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results/reader-pages');
let browser: Browser;
/** One page for the file: this Chromium runs single-process, and closing its last page ends it. */
let page: Page;

beforeAll(async () => {
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: [...chromium.args, '--no-sandbox'], headless: true });
  page = await browser.newPage({ viewport: { width: 320, height: 700 } });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

describe('reader pages at 320 px and in dark mode', async () => {
  const themes = await loadThemes(path.join(ROOT, 'themes.yaml'));
  void loadConfig;
  const pages: [string, string][] = [
    ['subscribe', subscribePage(themes)],
    ['subscribe-error', subscribePage(themes, { email: 'ada@example', themes: ['junior-partner'], error: "'ada@example' is not a valid email address" })],
    ['confirm', confirmPage('t', 'ada@example.com', ['The junior partner', 'The common adversary'])],
    ['already-confirmed', messagePage('Already confirmed', 'ada@example.com is already subscribed to The junior partner. Nothing more to do.')],
    ['unsubscribe', unsubscribePage('t', 'ada@example.com', 'The junior partner')],
    ['preferences', preferencesPage('t', 'ada@example.com', themes, ['junior-partner'])],
  ];

  it.each(pages)('%s', async (name, html) => {
    // Prepare
    await page.emulateMedia({ colorScheme: 'light' });
    // Act
    await page.setContent(html);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.emulateMedia({ colorScheme: 'dark' });
    const colors = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
    await page.screenshot({ path: path.join(SHOTS, `${name}-320-dark.png`), fullPage: true });
    // Assess
    expect(overflow).toBeLessThanOrEqual(0);
    expect(colors).toEqual(['rgb(13, 17, 23)', 'rgb(230, 230, 230)']);
    expect(html).not.toMatch(/>junior-partner</);
  });

  it('keeps what was typed when the form comes back with an error', () => {
    const html = subscribePage(themes, { email: 'ada@example', themes: ['junior-partner'], error: 'bad address' });
    expect(html).toContain('value="ada@example"');
    expect(html).toMatch(/value="junior-partner" checked/);
    expect(html).toContain('role="alert"');
  });
});
