/**
 * Email checks as code, in the spirit of MJML's validation rules: each rule is a pure test
 * of a rendered message with a name, a verdict and a detail. Run in tests, by `send
 * --dry-run`, and shown in the preview.
 */
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';

export interface EmailUnderCheck {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface CheckResult {
  rule: string;
  ok: boolean;
  detail: string;
}

/** Gmail clips messages over 102 KB; keep a margin. */
export const MAX_HTML_BYTES = 100 * 1024;

function isLocal(base: string): boolean {
  try {
    const h = new URL(base).hostname;
    return h === 'localhost' || h === '127.0.0.1' || h === '::1' || h === '[::1]';
  } catch {
    return false;
  }
}

/**
 * Runs every rule.
 * @param mail the rendered (personalised) message
 * @param opts publicBaseUrl decides whether links must be https
 */
export function checkEmail(mail: EmailUnderCheck, opts: { publicBaseUrl: string }): CheckResult[] {
  const doc = parseDocument(mail.html);
  const all = DomUtils.findAll(() => true, doc.children) as Element[];
  const byTag = (name: string) => all.filter((e) => e.name === name);
  const results: CheckResult[] = [];
  const add = (rule: string, ok: boolean, detail: string) => results.push({ rule, ok, detail });

  const bytes = Buffer.byteLength(mail.html);
  add('html-size', bytes < MAX_HTML_BYTES, `${(bytes / 1024).toFixed(1)} KB of HTML (limit ${MAX_HTML_BYTES / 1024} KB; Gmail clips at 102 KB)`);
  const html = byTag('html')[0];
  add('lang', Boolean(html?.attribs.lang), html?.attribs.lang ? `lang="${html.attribs.lang}"` : 'the <html> element has no lang attribute');
  const imgs = byTag('img');
  const noAlt = imgs.filter((i) => i.attribs.alt === undefined);
  add('img-alt', noAlt.length === 0, noAlt.length ? `${noAlt.length} image(s) without alt text` : `${imgs.length} image(s), all with alt text`);
  const links = byTag('a').map((a) => a.attribs.href ?? '');
  const unsub = links.filter((h) => /\/unsubscribe\?token=/.test(h));
  add('unsubscribe-link', unsub.length > 0, unsub.length ? 'an unsubscribe link is present' : 'no unsubscribe link in the HTML');
  add('unsubscribe-text', /\/unsubscribe\?token=/.test(mail.text), /\/unsubscribe\?token=/.test(mail.text) ? 'the plain-text part has the unsubscribe link' : 'the plain-text part has no unsubscribe link');
  const needHttps = !isLocal(opts.publicBaseUrl);
  const badLinks = links.filter((h) => !(needHttps ? /^https:\/\//i : /^https?:\/\//i).test(h) && !/^mailto:/i.test(h));
  add('absolute-links', badLinks.length === 0, badLinks.length ? `${badLinks.length} link(s) not absolute ${needHttps ? 'https' : 'http(s)'}: ${badLinks.slice(0, 3).join(' ')}` : `${links.length} link(s), all absolute${needHttps ? ' https' : ''}`);
  const colorScheme = byTag('meta').some((m) => (m.attribs.name ?? '').toLowerCase() === 'color-scheme');
  add('color-scheme', colorScheme, colorScheme ? 'color-scheme meta present (dark mode)' : 'no <meta name="color-scheme">');
  const len = mail.subject.length;
  add('subject-length', len >= 30 && len <= 90 && !/[\r\n]/.test(mail.subject), `subject is ${len} characters (30-90)`);
  add('preheader', mail.preheader.trim().length > 0, mail.preheader.trim() ? `preheader: "${mail.preheader.slice(0, 60)}"` : 'no preheader');
  const scripts = byTag('script').length;
  const remoteCss = byTag('link').filter((l) => /stylesheet/i.test(l.attribs.rel ?? '')).length + (/@import|fonts\.googleapis|@font-face[^}]*url\(\s*['"]?https?:/i.test(mail.html) ? 1 : 0);
  add('no-remote-fonts-or-scripts', scripts === 0 && remoteCss === 0, scripts || remoteCss ? `${scripts} script(s), ${remoteCss} remote stylesheet/font(s)` : 'no scripts, no remote fonts or stylesheets');
  return results;
}
