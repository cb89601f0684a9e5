/**
 * renderIssuePreview: a theme's next issue as one sample reader would get it: the period's
 * frozen edition when there is one, else the live issue (prepareIssue: history, other
 * themes' passages, the editor's choices, the period's date), personalised with the
 * reader's signed links, as a MIME message, with the email checks. Used by `newsletter
 * render` and the preview, so what they show is what a send sends. Never freezes.
 */
import type { Config } from '../config.ts';
import { findTheme } from '../domain/themes/find-theme.ts';
import { listUnsubscribeHeader, recipientLinks, tokenKeysOf } from '../domain/subscriptions/links.ts';
import type { StoredIssue } from '../ports/issue-store.ts';
import { checkEmail, type CheckResult } from '../rendering/check-email.ts';
import { composeMessage } from '../rendering/compose-message.ts';
import { issueListHeaders } from '../rendering/list-headers.ts';
import { personalize } from '../rendering/personalize.ts';
import { prepareIssue, type PrepareDeps, type PreparedIssue } from './prepare-issue.ts';
import type { SendingDeps } from './sending-deps.ts';

export interface IssuePreview {
  /** The issue shown: frozen if the period has one, else live. */
  issue: StoredIssue;
  prepared: PreparedIssue;
  html: string;
  text: string;
  eml: Buffer;
  checks: CheckResult[];
}

/** Sample reader used when no address is given. */
export const SAMPLE_READER = 'reader@example.com';

/**
 * Renders a stored or live issue for one reader.
 * @param to the reader's address (default reader@example.com)
 */
export async function renderForReader(config: Config, issue: StoredIssue, to = SAMPLE_READER, now = config.clock.now()): Promise<Omit<IssuePreview, 'issue' | 'prepared'>> {
  const linkConfig = { publicBaseUrl: config.publicBaseUrl, tokenKeys: tokenKeysOf(config), inboundAddress: config.inboundAddress };
  const links = recipientLinks(linkConfig, to, issue.themeId, now);
  const { html, text } = personalize(issue, links);
  const eml = await composeMessage({ from: config.fromAddress, to, subject: issue.subject, html, text, listUnsubscribe: listUnsubscribeHeader(linkConfig, links), headers: { 'X-Newsletter-Theme': issue.themeId, 'X-Newsletter-Issue': issue.id }, preparedHeaders: issueListHeaders({ issue, fromAddress: config.fromAddress, feedbackSenderId: config.feedbackSenderId }) });
  const checks = checkEmail({ subject: issue.subject, preheader: issue.preheader, html, text }, { publicBaseUrl: config.publicBaseUrl });
  return { html, text, eml, checks };
}

/** The theme's next issue for a sample reader. */
export async function renderIssuePreview(deps: PrepareDeps & Pick<SendingDeps, 'themes'>, themeId: string, to = SAMPLE_READER): Promise<IssuePreview> {
  const theme = findTheme(deps.themes, themeId);
  const prepared = await prepareIssue(deps, theme);
  const issue = prepared.frozen ?? prepared.live;
  return { issue, prepared, ...(await renderForReader(deps.config, issue, to, deps.clock.now())) };
}
