/**
 * The copy and view of the transactional mails (confirm, welcome, unsubscribed), shared by
 * the MJML compile and the precompiled fill. No mjml here.
 */
import { DEFAULT_NEWSLETTER_NAME, headerSafe } from './digest-view.ts';

export type TransactionalName = 'confirm' | 'welcome' | 'unsubscribed';
export const TRANSACTIONAL_NAMES: TransactionalName[] = ['confirm', 'welcome', 'unsubscribed'];

export interface TransactionalData {
  /** Titles of the themes concerned. */
  themes: string[];
  postalAddress: string;
  newsletterName?: string;
  lang?: string;
  links: { confirm?: string; unsubscribe?: string; preferences?: string; undo?: string };
  ttlHours?: number;
  /** When the first issue of each theme comes ("The junior partner: Monday 7 December"), for the welcome mail. */
  firstIssues?: string[];
}

export interface RenderedMail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

/** "A", "A" and "B", "A", "B" and "C". */
export function themeList(themes: string[]): string {
  if (!themes.length) return 'our emails';
  if (themes.length === 1) return `"${themes[0]}"`;
  return `${themes.slice(0, -1).map((t) => `"${t}"`).join(', ')} and "${themes[themes.length - 1]}"`;
}

const COPY: Record<TransactionalName, (d: TransactionalData, name: string) => { subject: string; heading: string; preheader: string; text: string[] }> = {
  confirm: (d, name) => ({
    subject: `Please confirm your subscription to ${name}`,
    heading: 'Confirm your subscription',
    preheader: `One click to start receiving ${themeList(d.themes)}.`,
    text: [`Someone, hopefully you, asked to receive ${themeList(d.themes)} from ${name} at this address. Nothing will be sent until you confirm.`, '', `Confirm: ${d.links.confirm ?? ''}`, '', `The link works for ${d.ttlHours ?? 48} hours. If you did not ask for this, ignore this email.`],
  }),
  welcome: (d, name) => ({
    subject: `Welcome to ${name}: your subscription is confirmed`,
    heading: 'You are subscribed',
    preheader: `You will receive ${themeList(d.themes)}.`,
    text: [`You are subscribed to ${themeList(d.themes)}.`, ...(d.firstIssues?.length ? ['', `Your first issue${d.firstIssues.length > 1 ? 's' : ''}: ${d.firstIssues.join('; ')}.`] : []), '', `Unsubscribe: ${d.links.unsubscribe ?? ''}`, `Change your email preferences: ${d.links.preferences ?? ''}`],
  }),
  unsubscribed: (d, name) => ({
    subject: `You have unsubscribed from ${name} emails`,
    heading: 'You are unsubscribed',
    preheader: `You will no longer receive ${themeList(d.themes)}.`,
    text: [`You will no longer receive ${themeList(d.themes)}.`, '', `Undo: ${d.links.undo ?? ''}`, `Change your email preferences: ${d.links.preferences ?? ''}`],
  }),
};

/** Subject, preheader, template view and plain text of one mail. */
export function transactionalView(name: TransactionalName, data: TransactionalData) {
  const newsletterName = data.newsletterName ?? DEFAULT_NEWSLETTER_NAME;
  const copy = COPY[name](data, newsletterName);
  return {
    subject: headerSafe(copy.subject),
    preheader: headerSafe(copy.preheader),
    text: [copy.heading, '', ...copy.text, '', '--', data.postalAddress].join('\n'),
    view: {
      lang: data.lang ?? 'en',
      subject: headerSafe(copy.subject),
      preheader: headerSafe(copy.preheader),
      heading: copy.heading,
      newsletterName,
      dateLabel: '',
      themeTitle: data.themes.length === 1 ? data.themes[0] : '',
      themeList: themeList(data.themes),
      postalAddress: data.postalAddress,
      ttlHours: data.ttlHours ?? 48,
      firstIssue: data.firstIssues?.length ? `Your first issue${data.firstIssues.length > 1 ? 's' : ''}: ${data.firstIssues.join('; ')}.` : '',
      links: data.links,
    },
  };
}
