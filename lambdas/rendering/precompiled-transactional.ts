/**
 * Precompiled transactional mails: each template compiled through MJML once (at build time)
 * with tokens where the reader's values go, then filled per message with escaped values.
 * The API Lambda uses this and so carries no mjml. No mjml or handlebars here.
 */
import type { RenderedMail, TransactionalData, TransactionalName } from './transactional-view.ts';
import { transactionalView } from './transactional-view.ts';

/** The fields filled per message, and the token that stands for each in the compiled HTML. */
export const TOKENS = {
  subject: 'NLTXSUBJECT0',
  preheader: 'NLTXPREHEADER0',
  themeTitle: 'NLTXTHEMETITLE0',
  themeList: 'NLTXTHEMELIST0',
  newsletterName: 'NLTXNAME0',
  postalAddress: 'NLTXPOSTAL0',
  ttlHours: 'NLTXTTL0',
  confirm: 'NLTXLINKCONFIRM0',
  unsubscribe: 'NLTXLINKUNSUB0',
  preferences: 'NLTXLINKPREFS0',
  undo: 'NLTXLINKUNDO0',
  firstIssue: 'NLTXFIRSTISSUE0',
} as const;

/** Compiled HTML per template: one variant for a single theme (footer names it), one for several. */
export type PrecompiledTransactional = Record<TransactionalName, { single: string; multi: string }>;

/** The escaping Handlebars applies to `{{value}}`, so filled output matches a direct render. */
export function escapeLikeHandlebars(s: string): string {
  return s.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);
}

/** Fills one precompiled mail for a reader. */
export function fillPrecompiled(pre: PrecompiledTransactional, name: TransactionalName, data: TransactionalData): RenderedMail {
  const t = transactionalView(name, data);
  const values: Record<keyof typeof TOKENS, string> = {
    subject: t.view.subject,
    preheader: t.view.preheader,
    themeTitle: t.view.themeTitle,
    themeList: t.view.themeList,
    newsletterName: t.view.newsletterName,
    postalAddress: t.view.postalAddress,
    ttlHours: String(t.view.ttlHours),
    confirm: data.links.confirm ?? '',
    unsubscribe: data.links.unsubscribe ?? '',
    preferences: data.links.preferences ?? '',
    undo: data.links.undo ?? '',
    firstIssue: t.view.firstIssue,
  };
  let html = t.view.themeTitle ? pre[name].single : pre[name].multi;
  for (const [field, token] of Object.entries(TOKENS)) html = html.replaceAll(token, escapeLikeHandlebars(values[field as keyof typeof TOKENS]));
  return { subject: t.subject, preheader: t.preheader, html, text: t.text };
}
