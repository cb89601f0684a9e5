/**
 * compileIssue: renders a digest once per issue. Handlebars fills the digest template, MJML
 * compiles it (strictly validated), and the recipient's links are left as random
 * placeholders (none of them in the issue's own text) that personalize() fills per
 * recipient without touching MJML again.
 */
import { randomBytes } from 'node:crypto';
import type { Digest } from '../domain/types.ts';
import { compileMjml } from './compile-mjml.ts';
import { digestText, digestView, type IssueOptions } from './digest-view.ts';
import { fillTemplate } from './fill-template.ts';
import { readTemplate } from './template-files.ts';
import type { CompiledIssue } from './compiled-issue.ts';

/**
 * Placeholders made of a random nonce, so no corpus text can hold one (a subject or an excerpt
 * equal to a placeholder would otherwise be replaced by each reader's link); drawn again in
 * the (astronomically unlikely) case the issue's own text holds the candidate.
 * @param content everything the issue's text is made from
 */
export function placeholdersFor(content: string, nonce: () => string = () => randomBytes(9).toString('hex')): CompiledIssue['placeholders'] {
  for (let tries = 0; tries < 5; tries++) {
    const n = nonce();
    const p = { unsubscribe: `NLUNSUB${n}`, preferences: `NLPREFS${n}` };
    if (!content.includes(p.unsubscribe) && !content.includes(p.preferences)) return p;
  }
  throw new Error('compile issue: the issue text holds every placeholder drawn');
}

/**
 * Compiles a digest into the issue's HTML and text with recipient placeholders.
 * @param opts templatesDir, publicBaseUrl, postalAddress, newsletterName, lang
 */
export async function compileIssue(digest: Digest, opts: IssueOptions & { templatesDir: string }): Promise<CompiledIssue> {
  const placeholders = placeholdersFor(JSON.stringify({ digest, opts }));
  const view = digestView(digest, opts, placeholders);
  const template = await readTemplate(opts.templatesDir, 'digest');
  const mjml = fillTemplate(template, view);
  const html = await compileMjml(mjml, template.file, template.source);
  return { subject: view.subject, preheader: view.preheader, html, text: digestText(view), mjml, placeholders };
}
