/**
 * Editor-side subscriber management (`newsletter subscribers`): add, import, export. Pending
 * rows get a confirmation mail (double opt-in); active means the editor holds their consent.
 * An address that unsubscribed, bounced or complained is never re-activated.
 */
import { normalizeEmail, emailProblem } from '../domain/subscriptions/email-address.ts';
import type { CsvRow } from '../domain/subscriptions/subscribers-csv.ts';
import { ValidationError } from '../errors.ts';
import type { Subscriber } from '../ports/subscriber-store.ts';
import { startDoubleOptIn, validThemes } from './subscribe.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

export type AddOutcome = 'mailed' | 'activated' | 'already' | 'refused-suppressed' | 'refused-unsubscribed';

/** Adds one address to themes, as the CLI's `add` and each CSV row do. */
export async function addSubscriber(deps: SubscriptionDeps, input: { email: string; themes: string[]; status: 'pending' | 'active'; source: 'cli' | 'import' }): Promise<AddOutcome> {
  const problem = emailProblem(input.email);
  if (problem) throw new ValidationError(problem);
  const email = normalizeEmail(input.email);
  const themes = validThemes(deps, input.themes);
  if (await deps.suppression.isSuppressed(email)) return 'refused-suppressed';
  const existing = await deps.store.get(email);
  if (existing?.themes.some((t) => themes.includes(t.themeId) && t.status === 'unsubscribed')) return 'refused-unsubscribed';
  // A reader who left every theme they had is never put on other themes by an editor: only
  // they can come back, through the form and its confirmation.
  if (existing && existing.themes.length && existing.themes.every((t) => t.status === 'unsubscribed')) return 'refused-unsubscribed';
  if (input.status === 'pending') {
    const r = await startDoubleOptIn({ ...deps, limiter: { hit: async () => true } }, { email, themes, source: input.source, ip: null });
    return r.mailed ? 'mailed' : 'already';
  }
  const now = deps.clock.now().toISOString();
  const todo = themes.filter((id) => existing?.themes.find((t) => t.themeId === id)?.status !== 'active');
  if (!todo.length) return 'already';
  await deps.store.setThemes(email, todo.map((themeId) => ({ themeId, status: 'active' as const })), now);
  await deps.store.recordConsent(email, { action: 'import', themes: todo, source: input.source, at: now, ip: null });
  return 'activated';
}

/** Imports validated CSV rows; returns the outcome per address. */
export async function importSubscribers(deps: SubscriptionDeps, rows: CsvRow[]): Promise<{ email: string; outcome: AddOutcome }[]> {
  const out: { email: string; outcome: AddOutcome }[] = [];
  for (const r of rows) out.push({ email: r.email, outcome: await addSubscriber(deps, { email: r.email, themes: r.themes, status: r.status, source: 'import' }) });
  return out;
}

/** Every subscriber, page by page. */
export async function allSubscribers(deps: Pick<SubscriptionDeps, 'store'>): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.listAll({ cursor, limit: 500 });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** CSV rows for export: active themes as `active`, else pending ones as `pending`; others left out. */
export function exportRows(subscribers: Subscriber[]): { email: string; themes: string[]; status: string }[] {
  return subscribers.flatMap((s) => {
    const active = s.themes.filter((t) => t.status === 'active').map((t) => t.themeId);
    const pending = s.themes.filter((t) => t.status === 'pending').map((t) => t.themeId);
    return active.length ? [{ email: s.email, themes: active, status: 'active' }] : pending.length ? [{ email: s.email, themes: pending, status: 'pending' }] : [];
  });
}
