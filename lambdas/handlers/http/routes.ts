/**
 * The public HTTP API as a route table: parse the request, call one service, map the result
 * or error to a response. Shared by the Lambda handler (api.ts) and the local server. JSON
 * callers get JSON; browsers get pages. Bad input is a 4xx with `{ "error" }`, nothing stored.
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError, ValidationError } from '../../errors.ts';
import { confirmSubscription, readConfirmToken, resendConfirmation } from '../../services/confirm-subscription.ts';
import { subscribe } from '../../services/subscribe.ts';
import type { SubscriptionDeps } from '../../services/subscription-deps.ts';
import { readUnsubscribeToken, undoUnsubscribe, unsubscribe } from '../../services/unsubscribe.ts';
import { readPreferences, updatePreferences } from '../../services/update-preferences.ts';
import { MAX_BODY_BYTES, type HttpRequest, type HttpResponse } from './http-types.ts';
import { isJsonMediaType, readBody } from './request-body.ts';
import { confirmPage, expiredConfirmPage, messagePage, preferencesPage, subscribePage, unsubscribedPage, unsubscribePage } from './pages.ts';

/**
 * Headers of every HTML page: a Content-Security-Policy that allows only the page's own
 * inline styles and same-origin forms, no framing, no sniffing, no referrer to elsewhere.
 */
export const HTML_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});
const html = (status: number, body: string): HttpResponse => ({ status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...HTML_SECURITY_HEADERS }, body });
const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }, body: JSON.stringify(body) });

/**
 * Whether a state-changing browser request comes from another site: Sec-Fetch-Site says
 * cross-site, or Origin names another origin than the public one or the Host. Requests
 * without either header (mail clients' one-click, API clients) are not browsers' forms.
 */
export function crossSite(req: HttpRequest, publicBaseUrl: string, trusted: readonly string[] = []): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' && !(req.headers.origin && trusted.includes(req.headers.origin))) return true;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  let o: string;
  try {
    o = new URL(origin).origin;
  } catch {
    return true;
  }
  const own = new Set([new URL(publicBaseUrl).origin, ...trusted]);
  if (req.headers.host) for (const scheme of ['http', 'https']) own.add(`${scheme}://${req.headers.host}`);
  return !own.has(o);
}

/** Whether the caller is a program (a JSON body, or JSON asked for) rather than a browser. */
function wantsJson(req: HttpRequest): boolean {
  return isJsonMediaType(req.headers['content-type']) || (/json/.test(req.headers.accept ?? '') && !/html/.test(req.headers.accept ?? ''));
}

/** What a browser typed into the subscribe form, to show it again beside the error. */
function typedForm(req: HttpRequest): { email: string; themes: string[] } {
  const form = new URLSearchParams(req.body ?? '');
  return { email: (form.get('email') ?? '').slice(0, 320), themes: form.getAll('themes').slice(0, 100) };
}

/**
 * GET /archive/...: the public archive's files (locally; CloudFront serves them on AWS).
 * Only keys of the archive's own shape are looked up: `..`, encoded NULs or slashes, the
 * private manifest and anything else are a 404, never a file outside the archive.
 */
async function serveArchive(deps: SubscriptionDeps, req: HttpRequest): Promise<HttpResponse> {
  const notFound = html(404, messagePage('Not in the archive', 'There is no such page in the archive.'));
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: `method ${req.method} not allowed on the archive` });
  if (!deps.archive) return notFound;
  let rest: string;
  try {
    rest = decodeURIComponent(req.path.slice('/archive'.length));
  } catch {
    return notFound;
  }
  const m = /^\/(?:([a-z0-9-]+)\/(?:([a-z0-9-]+)|(feed\.xml|feed\.json))?)?$/.exec(rest);
  if (!m || /[\u0000-\u001f]/.test(rest)) return notFound;
  const [, theme, issue, feed] = m;
  if (theme && !deps.themes.some((t) => t.id === theme && t.archive !== false)) return notFound;
  const key = !theme ? 'index.html' : feed ? `${theme}/${feed}` : issue ? `${theme}/${issue}` : `${theme}/index.html`;
  const file = await deps.archive.get(key);
  if (!file) return notFound;
  const headers: Record<string, string> = { 'content-type': file.contentType, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' };
  if (file.contentType.startsWith('text/html')) Object.assign(headers, HTML_SECURITY_HEADERS, { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'" });
  return { status: 200, headers, body: file.body.toString('utf8') };
}

/** Theme titles for readers (ids only for themes no longer in themes.yaml). */
function titles(deps: SubscriptionDeps, ids: string[]): string {
  return ids.map((id) => deps.themes.find((t) => t.id === id)?.title ?? id).join(', ');
}

function token(req: HttpRequest): string {
  const t = req.query.get('token');
  if (!t) throw new ValidationError('this link has no token', 'use the link from your email');
  return t;
}

/** POST /sends {theme, to?, dryRun?}: an on-demand send; bearer token locally, IAM auth on AWS (API Gateway checks it). */
async function postSends(deps: SubscriptionDeps, req: HttpRequest): Promise<HttpResponse> {
  if (!deps.config.runningOnAws) {
    const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    if (!given || !safeEqual(given, deps.config.apiBearerToken)) return json(401, { error: 'missing or wrong bearer token' });
  }
  if (!deps.sends) return json(503, { error: 'sending is not wired in this deployment' });
  if (!isJsonMediaType(req.headers['content-type'])) return json(415, { error: 'send a JSON body {"theme": "...", "to"?: "...", "dryRun"?: true}' });
  const body = readBody(req, 'sends');
  const report = await deps.sends({ themeId: body.theme as string, to: body.to as string | undefined, dryRun: body.dryRun as boolean | undefined });
  return json(200, report);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Handles one request.
 * @returns the response; errors are mapped here, never thrown
 */
export async function handleHttp(deps: SubscriptionDeps, req: HttpRequest): Promise<HttpResponse> {
  try {
    if (Buffer.byteLength(req.body ?? '') > MAX_BODY_BYTES) return json(413, { error: `the body is larger than ${MAX_BODY_BYTES} bytes` });
    if (req.path === '/archive' || req.path.startsWith('/archive/')) return await serveArchive(deps, req);
    const key = `${req.method} ${req.path.replace(/\/+$/, '') || '/'}`;
    // A form posted from another site (cross-site request forgery) changes nothing.
    if (req.method === 'POST' && key !== 'POST /sends' && crossSite(req, deps.config.publicBaseUrl, deps.config.trustedOrigins ?? [])) return json(403, { error: 'cross-site form posts are refused; use the page on this site' });
    switch (key) {
      case 'GET /':
        return html(200, subscribePage(deps.themes));
      case 'POST /subscribe': {
        try {
          const body = readBody(req, 'subscribe');
          await subscribe(deps, { email: body.email, themes: body.themes, source: wantsJson(req) ? 'api' : 'web', ip: req.ip });
        } catch (err) {
          // A form's mistake comes back as the form, with what was typed and the error.
          if (!wantsJson(req) && err instanceof AppError && err.httpStatus < 500) return html(err.httpStatus, subscribePage(deps.themes, { ...typedForm(req), error: err.toLine() }));
          throw err;
        }
        const message = 'If the address can receive mail, a confirmation link is on its way.';
        return wantsJson(req) ? json(202, { status: 'accepted', message }) : html(202, messagePage('Check your inbox', message));
      }
      case 'GET /confirm': {
        const t = token(req);
        try {
          const { email, themes } = readConfirmToken(deps, t);
          const current = await deps.store.get(email);
          if (themes.length && themes.every((id) => current?.themes.some((x) => x.themeId === id && x.status === 'active'))) return html(200, messagePage('Already confirmed', `${email} is already subscribed to ${titles(deps, themes)}. Nothing more to do.`));
          return html(200, confirmPage(t, email, themes.map((id) => deps.themes.find((x) => x.id === id)?.title ?? id)));
        } catch (err) {
          if (err instanceof AppError && /expired/.test(err.message)) return html(410, expiredConfirmPage(t));
          throw err;
        }
      }
      case 'POST /confirm': {
        readBody(req, 'empty');
        const r = await confirmSubscription(deps, { token: token(req), ip: req.ip });
        if (!r.activated.length && r.stale.length) return wantsJson(req) ? json(409, { error: 'this link no longer applies: the subscription changed after it was sent; subscribe again for a new link' }) : html(409, messagePage('This link no longer applies', `Your subscription to ${titles(deps, r.stale)} changed after this link was sent. To subscribe again, use the form; a new confirmation link will follow.`));
        if (!r.activated.length) return wantsJson(req) ? json(200, { status: 'already-confirmed', themes: r.themes }) : html(200, messagePage('Already confirmed', `You were already subscribed to ${titles(deps, r.themes)}. Nothing more to do.`));
        return wantsJson(req) ? json(200, { status: 'confirmed', themes: r.themes }) : html(200, messagePage('You are subscribed', `Thank you: you receive ${titles(deps, r.activated)}. A welcome email is on its way.`));
      }
      case 'POST /confirm/resend':
        readBody(req, 'empty');
        await resendConfirmation(deps, { token: token(req), ip: req.ip });
        return html(202, messagePage('Check your inbox', 'A new confirmation link is on its way.'));
      case 'GET /unsubscribe': {
        const t = token(req);
        const { email, theme } = readUnsubscribeToken(deps, t);
        return html(200, unsubscribePage(t, email, theme ? (deps.themes.find((x) => x.id === theme)?.title ?? theme) : null));
      }
      case 'POST /unsubscribe': {
        const body = readBody(req, 'unsubscribe');
        const scope = req.query.get('scope') === 'all' || body.scope === 'all' ? 'all' : 'theme';
        const r = await unsubscribe(deps, { token: token(req), ip: req.ip, scope });
        return wantsJson(req) ? json(200, { status: 'unsubscribed', removed: r.removed, undo: r.undoUrl }) : html(200, unsubscribedPage(r.removed.map((id) => titles(deps, [id])), r.undoUrl));
      }
      case 'POST /unsubscribe/undo': {
        readBody(req, 'empty');
        const r = await undoUnsubscribe(deps, { token: token(req), ip: req.ip });
        return wantsJson(req) ? json(200, { status: 'resubscribed', themes: r.restored }) : html(200, messagePage('Welcome back', r.restored.length ? `You receive ${titles(deps, r.restored)} again.` : 'Nothing to restore.'));
      }
      case 'GET /preferences': {
        const t = token(req);
        const { email, active } = await readPreferences(deps, t);
        return wantsJson(req) ? json(200, { email, themes: active }) : html(200, preferencesPage(t, email, deps.themes, active));
      }
      case 'POST /preferences': {
        const body = readBody(req, 'preferences');
        const r = await updatePreferences(deps, { token: token(req), themes: body.themes ?? [], ip: req.ip });
        const confirming = r.confirming.length ? ` To add ${titles(deps, r.confirming)}, open the confirmation link we just sent.` : '';
        return wantsJson(req) ? json(200, { email: r.email, themes: r.active, confirming: r.confirming }) : html(200, messagePage('Preferences saved', `${r.active.length ? `You receive: ${titles(deps, r.active)}.` : 'You receive no themes.'}${confirming}`));
      }
      case 'POST /sends':
        return await postSends(deps, req);
      default: {
        const known = ['/', '/subscribe', '/confirm', '/confirm/resend', '/unsubscribe', '/unsubscribe/undo', '/preferences', '/sends'];
        if (known.includes(req.path.replace(/\/+$/, '') || '/')) return { ...json(405, { error: `method ${req.method} not allowed on ${req.path}` }), headers: { 'content-type': 'application/json', allow: 'GET, POST' } };
        return json(404, { error: `no route ${req.method} ${req.path}` });
      }
    }
  } catch (err) {
    if (err instanceof AppError) {
      // A part that is down (the database, SES without an outbox) is a 503 the client may retry; other server faults stay 500.
      const status = err.httpStatus === 503 ? 503 : err.httpStatus >= 500 ? 500 : err.httpStatus;
      const res = wantsJson(req) || req.method === 'POST' ? json(status, { error: err.toLine() }) : html(status, messagePage('Something is wrong with this request', err.toLine()));
      if (status === 503) res.headers['retry-after'] = '30';
      return res;
    }
    console.error(JSON.stringify({ level: 'error', event: 'http_error', path: req.path, message: (err as Error).message }));
    return json(500, { error: 'internal error' });
  }
}
