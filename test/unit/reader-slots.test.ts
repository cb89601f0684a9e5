/**
 * Per-reader slots (issue #26): the sentinels a message template fills per reader (To,
 * List-Unsubscribe, Message-ID, bodies) and the link placeholders of an issue are random per
 * template and per issue, so subject or corpus text equal to one comes out verbatim.
 * Before, the sentinels were fixed strings (OLD_SENTINELS), and an ASCII subject holding one
 * had it replaced per reader (the reader's address or a random Message-ID in the subject).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { recipientLinks } from '../../lambdas/domain/subscriptions/links.ts';
import type { Digest } from '../../lambdas/domain/types.ts';
import { compileIssue, placeholdersFor } from '../../lambdas/rendering/compile-issue.ts';
import { compileIssueMessageTemplate, compileMessageTemplate } from '../../lambdas/rendering/message-template.ts';

const TEMPLATES = path.resolve(__dirname, '../../templates');
const OPTS = { templatesDir: TEMPLATES, publicBaseUrl: 'https://news.example.org', postalAddress: '1 Example Street, London' };
const linkCfg = { publicBaseUrl: OPTS.publicBaseUrl, tokenKeys: { keys: { k1: 'test-secret' }, current: 'k1' } };
const FROM = 'News <news@news.example.org>';
/** The fixed sentinels the message template used before issue #26. */
const OLD_SENTINELS = ['nlmsgidsentinel7f3a', 'nl-to-sentinel-7f3a@recipient.invalid', '<https://list-unsubscribe.invalid/sentinel-7f3a>'];

/** An issue compiled from a digest, sent to one reader through the message template. */
async function sendTo(digest: Digest, to: string) {
  const compiled = await compileIssue(digest, OPTS);
  const template = await compileIssueMessageTemplate(FROM, { id: 'junior-partner-2026-11-30', themeId: digest.theme.id, digest, ...compiled });
  const links = recipientLinks(linkCfg, to, digest.theme.id, new Date('2026-12-01T08:00:00Z'));
  return { compiled, mail: await simpleParser(template.fill({ to, listUnsubscribe: `<${links.unsubscribeUrl}>`, links })) };
}

describe('per-reader sentinels', () => {
  it.each(OLD_SENTINELS)("an editor's subject holding a sentinel (%s) reaches every reader verbatim", async (sentinel) => {
    // Prepare: a plain ASCII subject (`newsletter note --subject`), which MailComposer writes as it is
    // (a subject with any non-ASCII letter, such as the digest's own, is base64-encoded in the template)
    const subject = `This week: ${sentinel} and what it means`;
    const template = await compileIssueMessageTemplate(FROM, { id: 'junior-partner-2026-11-30', themeId: 'junior-partner', digest: { theme: { title: 'The junior partner' } }, subject, html: '<p>x NLUNSUB1</p>', text: 'x NLUNSUB1', placeholders: { unsubscribe: 'NLUNSUB1', preferences: 'NLPREFS1' } });
    const links = recipientLinks(linkCfg, 'ada@example.com', 'junior-partner', new Date('2026-12-01T08:00:00Z'));
    // Act
    const mail = await simpleParser(template.fill({ to: 'ada@example.com', listUnsubscribe: `<${links.unsubscribeUrl}>`, links }));
    // Assess
    expect(mail.subject).toBe(subject);
    expect(mail.to).toMatchObject({ text: 'ada@example.com' });
    expect(JSON.stringify(mail.headers.get('list'))).toContain(links.unsubscribeUrl);
  });

  it('draws new sentinels when the subject holds the ones drawn, and fills only the real slots', async () => {
    // Prepare: the first nonce drawn is one the subject already holds
    const nonces = ['a'.repeat(24), 'b'.repeat(24)];
    const subject = `nl-to-${nonces[0]}@recipient.invalid nlmsgid${nonces[0]} <https://list-unsubscribe.invalid/${nonces[0]}>`;
    // Act
    const template = await compileMessageTemplate({ from: FROM, subject, listUnsubscribe: true }, () => nonces.shift()!);
    const mail = await simpleParser(template.fill({ to: 'ada@example.com', listUnsubscribe: '<https://news.example.org/u>', htmlBase64: Buffer.from('<p>x</p>').toString('base64'), textBase64: Buffer.from('x').toString('base64') }));
    // Assess
    expect(nonces).toEqual([]);
    expect(mail.subject).toBe(subject);
    expect(mail.to).toMatchObject({ text: 'ada@example.com' });
    expect(mail.messageId).toMatch(/^<[0-9a-f]{24}@news\.example\.org>$/);
    expect(mail.text?.trim()).toBe('x');
  });

  it('refuses to build a template that cannot keep the subject apart from its sentinels', async () => {
    const n = 'c'.repeat(24);
    await expect(compileMessageTemplate({ from: FROM, subject: `nlmsgid${n}`, listUnsubscribe: true }, () => n)).rejects.toThrow(/sentinels/);
  });
});

describe("an issue's link placeholders", () => {
  it('are never a string the issue text holds, so an excerpt equal to one is not replaced by the reader\'s link', async () => {
    // Prepare: an excerpt holding what a placeholder looks like, and a nonce source that draws it first
    const digest: Digest = JSON.parse(readFileSync(path.join(TEMPLATES, 'digest', 'preview.json'), 'utf8'));
    const planted = 'NLUNSUB0123456789abcdef01';
    digest.excerpts[0] = { ...digest.excerpts[0], text: `${digest.excerpts[0].text} ${planted}` };
    // Act
    const drawn = placeholdersFor(JSON.stringify(digest), ((queue) => () => queue.shift()!)(['0123456789abcdef01', 'fedcba9876543210fe']));
    const { compiled, mail } = await sendTo(digest, 'ada@example.com');
    // Assess
    expect(drawn).toEqual({ unsubscribe: 'NLUNSUBfedcba9876543210fe', preferences: 'NLPREFSfedcba9876543210fe' });
    expect(compiled.placeholders.unsubscribe).not.toBe(planted);
    expect(mail.text).toContain(planted);
    expect(mail.html).toContain(planted);
  });
});
