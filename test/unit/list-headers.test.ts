/**
 * Issue mails' list identity (issue #29, item 4): every issue mail carries
 * `List-Id: "<theme title>" <THEME.list-id.DOMAIN>` (RFC 2919) and
 * `Feedback-ID: ISSUE:THEME:newsletter:SENDER` (Gmail's Feedback Loop) beside List-Unsubscribe,
 * on the send worker's per-reader fill, on the full composition and in `newsletter render
 * --format eml`. A hostile theme title stays one safe header: CR/LF become spaces, quotes are
 * escaped, and non-ASCII is RFC 2047-encoded (not stripped).
 */
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lambdas/config.ts';
import type { StoredIssue } from '../../lambdas/ports/issue-store.ts';
import { composeMessage } from '../../lambdas/rendering/compose-message.ts';
import { feedbackIdValue, fromDomain, issueListHeaders, TITLE_MAX } from '../../lambdas/rendering/list-headers.ts';
import { compileIssueMessageTemplate } from '../../lambdas/rendering/message-template.ts';
import { buildIssue } from '../../lambdas/services/build-issue.ts';
import { renderForReader, renderIssuePreview } from '../../lambdas/services/render-issue-preview.ts';
import { messageFor } from '../../lambdas/services/send-batch.ts';
import { sendingFixture, type Fixture } from '../support/sending-fixture.ts';

const LIST_ID = '"The junior partner" <junior-partner.list-id.example.com>';
const FEEDBACK_ID = 'junior-partner-2026-11-30:junior-partner:newsletter:example.com';

/** The header block of a raw message, unfolded (RFC 5322 2.2.3: drop each CRLF that precedes WSP), one header per line. */
function headerLines(raw: Buffer | string): string[] {
  return raw.toString('latin1').split('\r\n\r\n')[0].replace(/\r\n(?=[ \t])/g, '').split('\r\n');
}
/** The one value of a header in a raw message (fails when it is missing or repeated). */
function headerValue(raw: Buffer | string, name: string): string {
  const lines = headerLines(raw).filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  expect(lines, `${name} header lines`).toHaveLength(1);
  return lines[0].slice(name.length + 1).trim();
}
/** Decodes a phrase of RFC 2047 UTF-8 Q words (adjacent words joined, as RFC 2047 6.2 says). */
function decodeQWords(phrase: string): string {
  const words = [...phrase.matchAll(/=\?UTF-8\?Q\?([^?]*)\?=/gi)].map((m) => m[1]);
  const bytes = words.map((w) => Buffer.from(w.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
  return Buffer.concat(bytes).toString('utf8');
}

async function builtIssue(f: Fixture): Promise<StoredIssue> {
  const built = await buildIssue(f.deps, f.deps.themes.find((t) => t.id === 'junior-partner')!);
  if (!('issue' in built)) throw new Error('expected an issue');
  return built.issue;
}
const titled = (issue: StoredIssue, title: string): StoredIssue => ({ ...issue, digest: { ...issue.digest, theme: { ...issue.digest.theme, title } } });

describe('List-Id and Feedback-ID on issue mails', () => {
  it('are on the reader fill and on the full composition, beside the unchanged List-Unsubscribe headers', async () => {
    // Prepare
    const f = await sendingFixture(0);
    const issue = await builtIssue(f);
    const template = await compileIssueMessageTemplate(f.deps.config.fromAddress, issue, { feedbackSenderId: f.deps.config.feedbackSenderId });
    // Act
    const fastRaw = await messageFor(f.deps, issue, 'ada@example.com', template);
    const fullRaw = await messageFor(f.deps, issue, 'ada@example.com');
    // Assess
    for (const raw of [fastRaw, fullRaw]) {
      expect(headerValue(raw, 'List-Id')).toBe(LIST_ID);
      expect(headerValue(raw, 'Feedback-ID')).toBe(FEEDBACK_ID);
      expect(headerValue(raw, 'List-Unsubscribe')).toMatch(/^<https:\/\/news\.example\.org\/unsubscribe\?token=[A-Za-z0-9._-]+>$/);
      expect(headerValue(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      const mail = await simpleParser(raw);
      expect(mail.headers.get('list')).toMatchObject({ id: { name: 'The junior partner', id: 'junior-partner.list-id.example.com' } });
      expect(mail.headers.get('feedback-id')).toBe(FEEDBACK_ID);
      // A value without spaces is never folded after its colon: one physical line.
      expect(raw.toString('latin1')).toContain(`\r\nFeedback-ID: ${FEEDBACK_ID}\r\n`);
    }
  });

  it('are in the message template (fixed per issue), so the fill adds nothing per reader', async () => {
    // Prepare
    const f = await sendingFixture(0);
    const issue = await builtIssue(f);
    const template = await compileIssueMessageTemplate(f.deps.config.fromAddress, issue);
    // Act
    const [a, b] = await Promise.all(['ada@example.com', 'bob@example.com'].map((to) => messageFor(f.deps, issue, to, template)));
    // Assess: the same header text for both readers
    expect(headerValue(a, 'List-Id')).toBe(headerValue(b, 'List-Id'));
    expect(headerValue(a, 'Feedback-ID')).toBe(headerValue(b, 'Feedback-ID'));
  });

  it('are in `newsletter render --format eml` (the render service)', async () => {
    // Prepare
    const f = await sendingFixture(0);
    // Act
    const preview = await renderIssuePreview(f.deps, 'junior-partner');
    // Assess
    expect(headerValue(preview.eml, 'List-Id')).toBe(LIST_ID);
    expect(headerValue(preview.eml, 'Feedback-ID')).toBe(`${preview.issue.id}:junior-partner:newsletter:example.com`);
    expect(headerValue(preview.eml, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('use the configured Feedback-ID sender id when there is one', async () => {
    // Prepare
    const f = await sendingFixture(0);
    const issue = await builtIssue(f);
    const config = { ...f.deps.config, feedbackSenderId: 'jp-sender' };
    const template = await compileIssueMessageTemplate(config.fromAddress, issue, { feedbackSenderId: config.feedbackSenderId });
    // Act
    const fast = await messageFor({ ...f.deps, config }, issue, 'ada@example.com', template);
    const full = await messageFor({ ...f.deps, config }, issue, 'ada@example.com');
    // Assess
    for (const raw of [fast, full]) expect(headerValue(raw, 'Feedback-ID')).toBe('junior-partner-2026-11-30:junior-partner:newsletter:jp-sender');
  });
});

describe('a hostile theme title', () => {
  const asciiHostile = 'Evil "list"\r\nBcc: victim@example.com\\ \n\tX-Injected: yes';
  const unicodeHostile = 'Café "Société"\r\nBcc: victim@example.com\u2028Ünïcødé \\ end';

  it.each([
    ['printable ASCII: one quoted-string, quotes and backslashes escaped', asciiHostile, '"Evil \\"list\\" Bcc: victim@example.com\\\\ X-Injected: yes" <junior-partner.list-id.example.com>', 'Evil "list" Bcc: victim@example.com\\ X-Injected: yes'],
    ['non-ASCII: RFC 2047 Q words (not quoted, as RFC 2047 wants), decoding to the title on one line', unicodeHostile, null, 'Café "Société" Bcc: victim@example.com Ünïcødé \\ end'],
  ])('%s', async (_, title, expected, shown) => {
    // Prepare
    const f = await sendingFixture(0);
    const issue = titled(await builtIssue(f), title);
    const template = await compileIssueMessageTemplate(f.deps.config.fromAddress, issue);
    // Act
    const fast = await messageFor(f.deps, issue, 'ada@example.com', template);
    const full = await messageFor(f.deps, issue, 'ada@example.com');
    const preview = (await renderForReader(f.deps.config, issue)).eml;
    // Assess
    for (const raw of [fast, full, preview]) {
      const headers = headerLines(raw);
      expect(headers.filter((l) => /^(bcc|x-injected):/i.test(l))).toEqual([]);
      expect(headers.every((l) => /^[\x20-\x7e]*$/.test(l))).toBe(true);
      const value = headerValue(raw, 'List-Id');
      if (expected) expect(value).toBe(expected);
      else {
        const phrase = value.replace(/ <junior-partner\.list-id\.example\.com>$/, '');
        expect(phrase).toMatch(/^=\?UTF-8\?Q\?[^?\s"]*\?=( =\?UTF-8\?Q\?[^?\s"]*\?=)*$/);
        for (const word of phrase.split(' ')) expect(word.length).toBeLessThanOrEqual(75);
        expect(decodeQWords(phrase)).toBe(shown);
      }
      const mail = await simpleParser(raw);
      expect((mail.headers.get('list') as { id: { id: string } }).id.id).toBe('junior-partner.list-id.example.com');
      expect(mail.headers.get('bcc')).toBeUndefined();
      if (expected) expect((mail.headers.get('list') as { id: { name: string } }).id.name).toBe(shown);
    }
  });

  it('is cut to TITLE_MAX characters, so the header stays a sensible size', () => {
    const h = issueListHeaders({ issue: { id: 'i', themeId: 't', digest: { theme: { title: 'x'.repeat(5000) } } }, fromAddress: 'a@example.com' });
    expect(h['List-Id']).toBe(`"${'x'.repeat(TITLE_MAX)}" <t.list-id.example.com>`);
  });

  it('leaves only the list id when nothing printable is left', () => {
    const h = issueListHeaders({ issue: { id: 'i', themeId: 't', digest: { theme: { title: '\r\n\t ' } } }, fromAddress: 'a@example.com' });
    expect(h['List-Id']).toBe('<t.list-id.example.com>');
  });
});

describe('prepared headers', () => {
  it.each([['CR/LF', 'a\r\nBcc: victim@example.com'], ['non-ASCII', 'Café']])('are refused when the value holds %s (they are written as they are)', async (_, value) => {
    await expect(composeMessage({ from: 'a@example.com', to: 'b@example.com', subject: 's', html: '<p>h</p>', text: 't', preparedHeaders: { 'List-Id': value } })).rejects.toThrow(/not printable ASCII/);
  });
});

describe('list identity parts', () => {
  it.each([
    ['The Themed Newsletter <newsletter@Example.COM>', 'example.com'],
    ['"News @ Home" <n@news.example.org>', 'news.example.org'],
    ['plain@mail.example.net', 'mail.example.net'],
    ['Zeitung <z@bücher.example>', 'xn--bcher-kva.example'],
    ['no address at all', 'newsletter.invalid'],
  ])('the From domain of %s is %s', (from, domain) => {
    expect(fromDomain(from)).toBe(domain);
  });

  it("replaces ':' (Feedback-ID's separator) and spaces in a field with '-'", () => {
    expect(feedbackIdValue('jp:2026 w48', 'junior:partner', 'mail:example.com')).toBe('jp-2026-w48:junior-partner:newsletter:mail-example.com');
  });

  it('lower-cases the theme id into the list label and keeps it a dot-atom', () => {
    const h = issueListHeaders({ issue: { id: 'i', themeId: 'Junior_Partner.X', digest: { theme: { title: 'T' } } }, fromAddress: 'a@example.com' });
    expect(h['List-Id']).toBe('"T" <junior-partner-x.list-id.example.com>');
  });

  it('reads NEWSLETTER_FEEDBACK_SENDER_ID once, and refuses one holding the separator', () => {
    expect(loadConfig({}).feedbackSenderId).toBeNull();
    expect(loadConfig({ NEWSLETTER_FEEDBACK_SENDER_ID: 'news-1' }).feedbackSenderId).toBe('news-1');
    expect(() => loadConfig({ NEWSLETTER_FEEDBACK_SENDER_ID: 'a:b' })).toThrow(/NEWSLETTER_FEEDBACK_SENDER_ID/);
  });
});
