/**
 * SubscriberStore port: readers, their themes and consent, keyed by normalised address.
 * Owned by the subscriptions issue; the sending issue pages active subscribers from it.
 */
export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';

/** One reader's subscription to one theme. */
export interface ThemeSubscription {
  themeId: string;
  status: SubscriptionStatus;
  updatedAt: string;
}

/** A consent event: when, how and from where a reader agreed (or withdrew). */
export interface ConsentRecord {
  action: 'subscribe' | 'confirm' | 'unsubscribe' | 'resubscribe' | 'preferences' | 'import' | 'erase';
  themes: string[];
  source: 'web' | 'api' | 'email' | 'cli' | 'import';
  at: string;
  ip: string | null;
  /** Idempotency key: a record written again with the same key replaces the first (a retried request). */
  key?: string;
}

export interface Subscriber {
  email: string;
  createdAt: string;
  themes: ThemeSubscription[];
}

/** A page of results with an opaque cursor for the next page (absent on the last page). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface SubscriberStore {
  get(email: string): Promise<Subscriber | null>;
  /** Each address's status for one theme (absent when it has none), in one batched read. */
  themeStatuses(emails: string[], themeId: string): Promise<Map<string, SubscriptionStatus>>;
  /** Creates or replaces the theme statuses given; other themes are left alone. Safe to repeat. */
  setThemes(email: string, themes: { themeId: string; status: SubscriptionStatus }[], at: string): Promise<Subscriber>;
  recordConsent(email: string, record: ConsentRecord): Promise<void>;
  listConsent(email: string): Promise<ConsentRecord[]>;
  /** Active subscribers of a theme, paginated (stable order, 10,000+ supported). */
  listActive(themeId: string, opts?: { cursor?: string; limit?: number }): Promise<Page<string>>;
  /** Every subscriber, paginated. */
  listAll(opts?: { cursor?: string; limit?: number }): Promise<Page<Subscriber>>;
  /** Deletes the subscriber and its consent records. Safe to repeat. */
  erase(email: string): Promise<void>;
}
