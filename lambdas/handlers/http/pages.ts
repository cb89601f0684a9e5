/** Small, accessible HTML pages of the public API (subscribe form, confirm, unsubscribe, preferences, results). */
import type { Theme } from '../../domain/types.ts';

import { escapeHtml as esc } from './escape-html.ts';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${esc(title)}</title>
<style>body{font:17px/1.5 Georgia,serif;max-width:36rem;margin:2rem auto;padding:0 1rem;background:#fff;color:#1f2328}button{font:inherit;padding:.5rem 1rem}label{display:block;margin:.3rem 0}input[type=email]{font:inherit;width:100%;padding:.4rem;box-sizing:border-box}.error{color:#a40e26;border-left:4px solid #cf222e;padding-left:.6rem}fieldset{border:1px solid #d0d7de;min-width:0}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6e6e6}a{color:#7ab7ff}.error{color:#ff9492;border-color:#ff9492}fieldset{border-color:#30363d}input,button{background:#161b22;color:#e6e6e6;border:1px solid #30363d}}</style></head><body><main>${body}</main></body></html>`;
}

/** The subscribe form. */
export function subscribePage(themes: Theme[], form: { email?: string; themes?: string[]; error?: string } = {}): string {
  const chosen = new Set(form.themes ?? []);
  const boxes = themes.filter((t) => !t.paused).map((t) => `<label><input type="checkbox" name="themes" value="${esc(t.id)}"${chosen.has(t.id) ? ' checked' : ''}> ${esc(t.title)}</label>`).join('');
  const error = form.error ? `<p class="error" role="alert" id="form-error">${esc(form.error)}</p>` : '';
  return page('Subscribe', `<h1>Subscribe</h1>${error}<form method="post" action="/subscribe"><label for="email">Email address</label><input id="email" type="email" name="email" required maxlength="254" autocomplete="email" value="${esc(form.email ?? '')}"><fieldset><legend>Themes</legend>${boxes}</fieldset><p><button type="submit">Subscribe</button></p></form><p>We send a confirmation link first; nothing else arrives until you click it.</p>`);
}

/** A page with one message. */
export function messagePage(title: string, message: string, extra = ''): string {
  return page(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>${extra}`);
}

/** GET /confirm: shows a button; only the POST changes anything (mail scanners prefetch links). */
export function confirmPage(token: string, email: string, themes: string[]): string {
  return page('Confirm your subscription', `<h1>Confirm your subscription</h1><p>Subscribe <strong>${esc(email)}</strong> to ${themes.map(esc).join(', ')}?</p><form method="post" action="/confirm?token=${encodeURIComponent(token)}"><button type="submit">Confirm my subscription</button></form>`);
}

/** GET /confirm with an expired token: offers a new link. */
export function expiredConfirmPage(token: string): string {
  return page('This link has expired', `<h1>This link has expired</h1><p>Confirmation links work for a limited time.</p><form method="post" action="/confirm/resend?token=${encodeURIComponent(token)}"><button type="submit">Send me a new link</button></form>`);
}

/** GET /unsubscribe: this theme or all themes. */
export function unsubscribePage(token: string, email: string, themeTitle: string | null): string {
  const t = encodeURIComponent(token);
  const one = themeTitle ? `<form method="post" action="/unsubscribe?token=${t}"><button type="submit">Unsubscribe from ${esc(themeTitle)}</button></form>` : '';
  return page('Unsubscribe', `<h1>Unsubscribe</h1><p>${esc(email)}</p>${one}<form method="post" action="/unsubscribe?token=${t}&amp;scope=all"><button type="submit">Unsubscribe from all themes</button></form>`);
}

/** After an unsubscribe: what was removed and the undo button. */
export function unsubscribedPage(removed: string[], undoUrl: string | null): string {
  const undo = undoUrl ? `<form method="post" action="${esc(undoUrl.replace(/^https?:\/\/[^/]+/, ''))}"><button type="submit">Undo</button></form>` : '';
  return messagePage('You are unsubscribed', removed.length ? `You will no longer receive: ${removed.join(', ')}.` : 'You were not subscribed to anything here.', undo);
}

/** GET /preferences: the reader's themes as checkboxes. */
export function preferencesPage(token: string, email: string, themes: Theme[], active: string[]): string {
  const boxes = themes.map((t) => `<label><input type="checkbox" name="themes" value="${esc(t.id)}"${active.includes(t.id) ? ' checked' : ''}> ${esc(t.title)}</label>`).join('');
  return page('Your email preferences', `<h1>Your email preferences</h1><p>${esc(email)}</p><form method="post" action="/preferences?token=${encodeURIComponent(token)}"><fieldset><legend>Themes you receive</legend>${boxes}</fieldset><input type="hidden" name="submitted" value="1"><p><button type="submit">Save</button></p></form>`);
}
