import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listUnsubscribeHeader, recipientLinks } from '../../lambdas/domain/subscriptions/links.ts';
import type { Digest } from '../../lambdas/domain/types.ts';
import { checkEmail } from '../../lambdas/rendering/check-email.ts';
import { compileIssue } from '../../lambdas/rendering/compile-issue.ts';
import { composeMessage } from '../../lambdas/rendering/compose-message.ts';
import { personalize } from '../../lambdas/rendering/personalize.ts';
import { renderTransactional, type TransactionalName } from '../../lambdas/rendering/render-transactional.ts';
import { TemplateError } from '../../lambdas/rendering/template-error.ts';

const TEMPLATES = path.resolve(__dirname, '../../templates');
const preview = (name: string) => JSON.parse(readFileSync(path.join(TEMPLATES, name, 'preview.json'), 'utf8'));
const keys = { keys: { k1: 'test-secret' }, current: 'k1' };
const OPTS = { templatesDir: TEMPLATES, publicBaseUrl: 'https://news.example.org', postalAddress: '1 Example Street, London' };
const linkCfg = { publicBaseUrl: OPTS.publicBaseUrl, tokenKeys: keys };

async function renderDigest(digest: Digest, to = 'ada@example.com') {
  const compiled = await compileIssue(digest, OPTS);
  const links = recipientLinks(linkCfg, to, digest.theme.id, new Date('2026-12-01T08:00:00Z'));
  return { compiled, links, ...personalize(compiled, links) };
}

describe('digest template', () => {
  it('renders its preview.json into a message that passes every email check', async () => {
    // Act
    const { compiled, html, text } = await renderDigest(preview('digest'));
    const checks = checkEmail({ subject: compiled.subject, preheader: compiled.preheader, html, text }, { publicBaseUrl: OPTS.publicBaseUrl });
    // Assess
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(/<h1[^>]*>The junior partner<\/h1>/);
    expect(html).toContain('Read “What&#x27;s really going on between Russia and China” at the source');
    expect(text).toContain('IN BRIEF');
  });

  it('links each excerpt title to its source and names its author, site and date', async () => {
    // Act
    const { html, text } = await renderDigest(preview('digest'));
    // Assess
    expect(html).toMatch(/<h3[^>]*><a href="https:\/\/example\.org\/articles\/russia-china"[^>]*>What&#x27;s really going on between Russia and China<\/a><\/h3>/);
    expect(html).toContain('A. Writer · Example Review · 2024-12-30');
    expect(text).toContain("What's really going on between Russia and China (A. Writer · Example Review · 2024-12-30)");
  });

  it('compiles once and fills each reader\'s own links', async () => {
    // Prepare
    const compiled = await compileIssue(preview('digest'), OPTS);
    // Act
    const a = personalize(compiled, recipientLinks(linkCfg, 'a@example.com', 'junior-partner', new Date('2026-12-01T08:00:00Z')));
    const b = personalize(compiled, recipientLinks(linkCfg, 'b@example.com', 'junior-partner', new Date('2026-12-01T08:00:00Z')));
    // Assess
    expect(a.html).not.toEqual(b.html);
    for (const part of [a.html, a.text]) {
      expect(part).not.toContain(compiled.placeholders.unsubscribe);
      expect(part).not.toContain(compiled.placeholders.preferences);
      expect(part).toContain('https://news.example.org/unsubscribe?token=');
    }
  });

  it('prints hostile corpus text as text in both parts and never evaluates it', async () => {
    // Prepare
    const digest: Digest = preview('digest');
    const hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> {{links.unsubscribe}} {{{postalAddress}}} {{#each excerpts}}x{{/each}} NLUNSUB000';
    digest.excerpts[0] = { ...digest.excerpts[0], text: hostile, sourceTitle: 'Evil {{subject}}', sourceUrl: 'javascript:alert(3)' };
    digest.summary.sentences[0] = { ...digest.summary.sentences[0], text: `Summary with {{preheader}} and <b>bold</b> tags that should stay text.` };
    // Act
    const { html, text } = await renderDigest(digest);
    // Assess
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('{{links.unsubscribe}} {{{postalAddress}}} {{#each excerpts}}x{{/each}}');
    expect(html).toContain('Evil {{subject}}');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(text).toContain(hostile);
    expect(text).toContain('Summary with {{preheader}} and <b>bold</b>');
  });

  it('stays under 100 KB and readable with many long excerpts', async () => {
    const digest: Digest = preview('digest');
    digest.excerpts = Array.from({ length: 20 }, (_, i) => ({ ...digest.excerpts[0], id: `x#p${i}`, text: digest.excerpts[0].text.repeat(3) }));
    const { compiled, html, text } = await renderDigest(digest);
    const size = checkEmail({ subject: compiled.subject, preheader: compiled.preheader, html, text }, { publicBaseUrl: OPTS.publicBaseUrl }).find((c) => c.rule === 'html-size')!;
    expect(size.ok).toBe(true);
  });

  it('reports a broken template with its file and line (strict MJML)', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(os.tmpdir(), 'templates-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const file = path.join(dir, 'digest', 'template.mjml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<mj-column>', '<mj-column><mj-unknown-tag />'));
    // Act / Assess
    await expect(compileIssue(preview('digest'), { ...OPTS, templatesDir: dir })).rejects.toThrow(TemplateError);
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('<mj-unknown-tag')) + 1;
    await expect(compileIssue(preview('digest'), { ...OPTS, templatesDir: dir })).rejects.toThrow(new RegExp(`template\\.mjml line ${line}: .*mj-unknown-tag`));
  });
});

describe('transactional templates', () => {
  it.each(['confirm', 'welcome', 'unsubscribed'] as TransactionalName[])('%s renders its preview.json with lang, dark mode and a plain-text part', async (name) => {
    // Act
    const mail = await renderTransactional(name, preview(name), TEMPLATES);
    const checks = checkEmail(mail, { publicBaseUrl: 'http://127.0.0.1:3000' });
    // Assess
    const relevant = checks.filter((c) => name === 'welcome' || !c.rule.startsWith('unsubscribe'));
    expect(relevant.filter((c) => !c.ok)).toEqual([]);
    expect(mail.text.length).toBeGreaterThan(40);
  });
});

describe('composeMessage', () => {
  it('builds a multipart message with one-click unsubscribe headers', async () => {
    // Prepare
    const links = recipientLinks(linkCfg, 'ada@example.com', 'junior-partner', new Date('2026-12-01T08:00:00Z'));
    // Act
    const raw = (await composeMessage({ from: 'News <news@example.org>', to: 'ada@example.com', subject: 'A subject of a reasonable length here', html: '<p>Hi</p>', text: 'Hi', listUnsubscribe: listUnsubscribeHeader({ ...linkCfg, inboundAddress: 'in@example.org' }, links) })).toString();
    // Assess
    expect(raw).toMatch(/Content-Type: multipart\/alternative/);
    expect(raw).toMatch(/Content-Type: text\/plain/);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toMatch(/List-Unsubscribe:\s+<https:\/\/news\.example\.org\/unsubscribe\?token=[^>]+>,\s+<mailto:in@example\.org\?subject=unsubscribe>/);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
  });

  it('never lets CR/LF in a value add a header', async () => {
    const raw = (await composeMessage({ from: 'news@example.org', to: 'ada@example.com\r\nBcc: victim@example.com', subject: 'Hello\r\nBcc: evil@example.com', html: '<p>x</p>', text: 'x', headers: { 'X-Theme': 'a\nBcc: x@example.com' } })).toString();
    expect(raw).not.toMatch(/^Bcc:/m);
  });
});

describe('precompiled transactional templates (what the API Lambda ships)', () => {
  it.each([
    ['welcome', ['The junior partner']],
    ['welcome', ['The junior partner', 'Central Asia & "the Arctic"']],
    ['confirm', ['A <b>bold</b> theme']],
    ['unsubscribed', ['The junior partner']],
  ] as [TransactionalName, string[]][])('fill the same HTML as compiling %s directly (%j)', async (name, themes) => {
    // Prepare
    const { precompileTransactional } = await import('../../lambdas/rendering/precompile-transactional.ts');
    const { fillPrecompiled } = await import('../../lambdas/rendering/precompiled-transactional.ts');
    const { transactionalView } = await import('../../lambdas/rendering/transactional-view.ts');
    const { fillTemplate } = await import('../../lambdas/rendering/fill-template.ts');
    const { compileMjml } = await import('../../lambdas/rendering/compile-mjml.ts');
    const { readTemplate } = await import('../../lambdas/rendering/template-files.ts');
    const data = { ...preview(name), themes, links: { confirm: 'https://x.org/confirm?token=a.b.c', unsubscribe: 'https://x.org/unsubscribe?token=d.e.f', preferences: 'https://x.org/preferences?token=g', undo: 'https://x.org/unsubscribe/undo?token=h' } };
    const template = await readTemplate(TEMPLATES, name);
    // Act
    const direct = await compileMjml(fillTemplate(template, transactionalView(name, data).view), template.file, template.source);
    const filled = fillPrecompiled(await precompileTransactional(TEMPLATES), name, data).html;
    // Assess
    expect(filled).toBe(direct);
  });
});

describe('transactional templates on the local stack (no precompiled file)', () => {
  it('compile once while the files stay the same, and show an edit in the next mail', async () => {
    // Prepare: a copy of the templates an editor can change
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-transactional-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const { precompiledFromFiles } = await import('../../lambdas/rendering/precompile-transactional.ts');
    const data = { ...preview('confirm'), themes: ['The junior partner'], links: { confirm: 'https://x.org/confirm?token=a.b.c' } };
    // Act
    const first = await precompiledFromFiles(dir);
    const again = await precompiledFromFiles(dir);
    const before = await renderTransactional('confirm', data, dir);
    const file = path.join(dir, 'confirm', 'template.mjml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Nothing will be sent until you confirm.', 'Nothing leaves until you say yes.'));
    const after = await renderTransactional('confirm', data, dir);
    const afterEdit = await precompiledFromFiles(dir);
    writeFileSync(path.join(dir, 'partials', 'footer.mjml'), readFileSync(path.join(dir, 'partials', 'footer.mjml'), 'utf8') + '\n<!-- edited -->\n');
    const partialEdited = await precompiledFromFiles(dir);
    // Assess
    expect(again).toBe(first);
    expect(before.html).toContain('Nothing will be sent until you confirm.');
    expect(after.html).toContain('Nothing leaves until you say yes.');
    expect(after.html).not.toContain('Nothing will be sent until you confirm.');
    expect(afterEdit).not.toBe(first);
    expect(partialEdited).not.toBe(afterEdit);
  });
});

describe('MJML output without indentation', () => {
  it('keeps what a reader sees (same elements, same text once whitespace collapses) in a fifth fewer bytes', async () => {
    // Prepare
    const { parseHTML } = await import('linkedom');
    const { compileMjml } = await import('../../lambdas/rendering/compile-mjml.ts');
    const { fillTemplate } = await import('../../lambdas/rendering/fill-template.ts');
    const { readTemplate } = await import('../../lambdas/rendering/template-files.ts');
    const { transactionalView } = await import('../../lambdas/rendering/transactional-view.ts');
    const template = await readTemplate(TEMPLATES, 'welcome');
    const mjml = fillTemplate(template, transactionalView('welcome', { ...preview('welcome'), themes: ['The junior partner'], links: { unsubscribe: 'https://x.org/u', preferences: 'https://x.org/p' } }).view);
    const mjml2html = (await import('mjml')).default;
    // Act
    const indented = (await mjml2html(mjml, { validationLevel: 'strict' })).html;
    const trimmed = await compileMjml(mjml, template.file, template.source);
    // Assess
    const seen = (html: string) => {
      const { document } = parseHTML(html);
      return { tags: Array.from(document.querySelectorAll('*') as ArrayLike<Element>, (e) => e.tagName).join(','), text: (document.body?.textContent ?? '').replace(/\s+/g, ' ').trim() };
    };
    expect(seen(trimmed)).toEqual(seen(indented));
    expect(trimmed.length).toBeLessThan(indented.length * 0.9);
  });

  it('leaves a page alone where whitespace can show', async () => {
    const { trimIndentation } = await import('../../lambdas/rendering/compile-mjml.ts');
    for (const html of ['<pre>\n  a\n    b</pre>', '<p style="white-space: pre-wrap">\n  a</p>', '<textarea>\n  x</textarea>']) expect(trimIndentation(html)).toBe(html);
    expect(trimIndentation('<div>\n    <p>\n      a\n    </p>\n</div>')).toBe('<div>\n<p>\na\n</p>\n</div>');
  });
});
