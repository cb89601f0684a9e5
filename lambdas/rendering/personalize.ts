/**
 * Per-recipient fill of a compiled issue: replaces the link placeholders with the reader's
 * signed links (HTML-escaped in the HTML part). Plain string work, no MJML or Handlebars,
 * so the send worker stays light and fast.
 */
import type { CompiledIssue } from './compiled-issue.ts';

export interface PersonalLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** A URL made safe for an HTML attribute. */
export function escapeAttribute(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Fills one reader's links into the issue. */
export function personalize(issue: Pick<CompiledIssue, 'html' | 'text' | 'placeholders'>, links: PersonalLinks): { html: string; text: string } {
  const slots = personalSlots(issue);
  const values = slotValues(links);
  const fill = (body: string, v: string[]) => slots.reduce((out, slot, k) => out.replaceAll(slot, v[k]), body);
  return { html: fill(issue.html, values.html), text: fill(issue.text, values.text) };
}

/** The slots a reader's links fill, in the order slotValues() gives their values. */
export function personalSlots(issue: Pick<CompiledIssue, 'placeholders'>): string[] {
  return [issue.placeholders.unsubscribe, issue.placeholders.preferences];
}

/** One reader's values for personalSlots(), as the HTML part and the text part want them. */
export function slotValues(links: PersonalLinks): { html: string[]; text: string[] } {
  return { html: [escapeAttribute(links.unsubscribeUrl), escapeAttribute(links.preferencesUrl)], text: [links.unsubscribeUrl, links.preferencesUrl] };
}
