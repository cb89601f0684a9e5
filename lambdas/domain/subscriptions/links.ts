/**
 * Recipient links: absolute URLs of the public API carrying signed tokens (confirm,
 * unsubscribe from a theme or all, preferences, undo), and the List-Unsubscribe header.
 */
import { signToken, type TokenKeys } from './tokens.ts';

export interface LinkConfig {
  publicBaseUrl: string;
  tokenKeys: TokenKeys;
  /** Inbound address for the mailto: List-Unsubscribe, when inbound mail is enabled. */
  inboundAddress?: string | null;
  confirmTokenTtlHours?: number;
}

export interface RecipientLinks {
  unsubscribeUrl: string;
  unsubscribeAllUrl: string;
  preferencesUrl: string;
}

function url(base: string, route: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/${route}?token=${encodeURIComponent(token)}`;
}

/** How long a preferences link works (it stands in every forwarded issue, so it expires). */
export const PREFERENCES_TTL_DAYS = 60;

/**
 * Links every mail to a reader carries: unsubscribe links that never expire (RFC 8058 wants
 * one-click to keep working), and a preferences link valid PREFERENCES_TTL_DAYS from the start
 * of `now`'s day (UTC).
 */
export function recipientLinks(cfg: LinkConfig, email: string, themeId: string | null, now: Date): RecipientLinks {
  // Counted from the start of the day, so every link made that day is the same (the preview shows what is sent).
  const preferencesExpire = Math.floor(now.getTime() / 86_400_000) * 86_400 + PREFERENCES_TTL_DAYS * 86_400;
  return {
    unsubscribeUrl: url(cfg.publicBaseUrl, 'unsubscribe', signToken({ purpose: 'unsubscribe', email, theme: themeId, expiresAt: null }, cfg.tokenKeys)),
    unsubscribeAllUrl: url(cfg.publicBaseUrl, 'unsubscribe', signToken({ purpose: 'unsubscribe', email, theme: null, expiresAt: null }, cfg.tokenKeys)),
    preferencesUrl: url(cfg.publicBaseUrl, 'preferences', signToken({ purpose: 'preferences', email, theme: null, expiresAt: preferencesExpire }, cfg.tokenKeys)),
  };
}

/** The double opt-in link; it expires after confirmTokenTtlHours (default 48) and acts on the state it was issued in. */
export function confirmLink(cfg: LinkConfig, email: string, themes: string[], now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + (cfg.confirmTokenTtlHours ?? 48) * 3600;
  return url(cfg.publicBaseUrl, 'confirm', signToken({ purpose: 'confirm', email, theme: themes.join(','), expiresAt, issuedAt: now.getTime() }, cfg.tokenKeys));
}

/**
 * When a token was issued: recorded in it, or (tokens made before that) worked back from its
 * expiry and the lifetime its purpose gives.
 */
export function issuedAtMs(token: { issuedAt?: number | null; expiresAt: number | null }, ttlSeconds: number): number {
  if (typeof token.issuedAt === 'number') return token.issuedAt;
  return token.expiresAt === null ? 0 : (token.expiresAt - ttlSeconds) * 1000;
}

/** How long an undo link works after the unsubscribe. */
export const UNDO_TTL_DAYS = 7;

/**
 * The undo link of one unsubscribe: it restores exactly `themes` (those that were active
 * when the reader left) and expires after UNDO_TTL_DAYS.
 */
export function undoLink(cfg: LinkConfig, email: string, themes: string[], now: Date): string {
  const expiresAt = Math.floor(now.getTime() / 1000) + UNDO_TTL_DAYS * 86_400;
  return url(cfg.publicBaseUrl, 'unsubscribe/undo', signToken({ purpose: 'undo', email, theme: themes.join(','), expiresAt, issuedAt: now.getTime() }, cfg.tokenKeys));
}

/** List-Unsubscribe header value: the https link, plus mailto when inbound mail is enabled. */
export function listUnsubscribeHeader(cfg: LinkConfig, links: RecipientLinks): string {
  const parts = [`<${links.unsubscribeUrl}>`];
  if (cfg.inboundAddress) parts.push(`<mailto:${cfg.inboundAddress}?subject=unsubscribe>`);
  return parts.join(', ');
}

/** The token keys of a config. */
export function tokenKeysOf(config: { tokenKeys: Readonly<Record<string, string>>; tokenKeyId: string }): TokenKeys {
  return { keys: config.tokenKeys, current: config.tokenKeyId };
}
