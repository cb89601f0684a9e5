/**
 * compileIssue: renders a digest once per issue. Handlebars fills the digest template, MJML
 * compiles it (strictly validated), and the recipient's links are left as random
 * placeholders that personalize() fills per recipient without touching MJML again.
 */
import { randomBytes } from 'node:crypto';
import type { Digest } from '../domain/types.ts';
import { compileMjml } from './compile-mjml.ts';
import { digestText, digestView, type IssueOptions } from './digest-view.ts';
import { fillTemplate } from './fill-template.ts';
import { readTemplate } from './template-files.ts';
import type { CompiledIssue } from './compiled-issue.ts';

/**
 * Compiles a digest into the issue's HTML and text with recipient placeholders.
 * @param opts templatesDir, publicBaseUrl, postalAddress, newsletterName, lang
 */
export async function compileIssue(digest: Digest, opts: IssueOptions & { templatesDir: string }): Promise<CompiledIssue> {
  const nonce = randomBytes(9).toString('hex');
  const placeholders = { unsubscribe: `NLUNSUB${nonce}`, preferences: `NLPREFS${nonce}` };
  const view = digestView(digest, opts, placeholders);
  const template = await readTemplate(opts.templatesDir, 'digest');
  const mjml = fillTemplate(template, view);
  const html = await compileMjml(mjml, template.file, template.source);
  return { subject: view.subject, preheader: view.preheader, html, text: digestText(view), mjml, placeholders };
}
