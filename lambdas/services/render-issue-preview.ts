/**
 * renderIssuePreview: the next issue of a theme as one sample reader would get it: the
 * stateless digest, compiled once, personalised with the reader's signed links, the MIME
 * message, and the email checks. Used by `newsletter render` and the preview.
 */
import type { Config } from '../config.ts';
import type { Digest } from '../domain/types.ts';
import { listUnsubscribeHeader, recipientLinks, tokenKeysOf } from '../domain/subscriptions/links.ts';
import { checkEmail, type CheckResult } from '../rendering/check-email.ts';
import { compileIssue } from '../rendering/compile-issue.ts';
import type { CompiledIssue } from '../rendering/compiled-issue.ts';
import { composeMessage } from '../rendering/compose-message.ts';
import { personalize } from '../rendering/personalize.ts';

export interface IssuePreview {
  compiled: CompiledIssue;
  html: string;
  text: string;
  eml: Buffer;
  checks: CheckResult[];
}

/** Sample reader used when no address is given. */
export const SAMPLE_READER = 'reader@example.com';

/**
 * Renders a digest for one reader.
 * @param to the reader's address (default reader@example.com)
 */
export async function renderIssuePreview(config: Config, digest: Digest, to = SAMPLE_READER): Promise<IssuePreview> {
  const compiled = await compileIssue(digest, {
    templatesDir: config.templatesDir,
    publicBaseUrl: config.publicBaseUrl,
    postalAddress: config.postalAddress,
    newsletterName: config.newsletterName,
  });
  const linkConfig = { publicBaseUrl: config.publicBaseUrl, tokenKeys: tokenKeysOf(config), inboundAddress: config.inboundAddress };
  const links = recipientLinks(linkConfig, to, digest.theme.id);
  const { html, text } = personalize(compiled, links);
  const eml = await composeMessage({
    from: config.fromAddress,
    to,
    subject: compiled.subject,
    html,
    text,
    listUnsubscribe: listUnsubscribeHeader(linkConfig, links),
    headers: { 'X-Newsletter-Theme': digest.theme.id },
  });
  const checks = checkEmail({ subject: compiled.subject, preheader: compiled.preheader, html, text }, { publicBaseUrl: config.publicBaseUrl });
  return { compiled, html, text, eml, checks };
}
