/** In-memory SubscriberStore for unit tests and the in-process stack. */
import type { ConsentRecord, Page, Subscriber, SubscriberStore, SubscriptionStatus } from '../../ports/subscriber-store.ts';

export class MemorySubscriberStore implements SubscriberStore {
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly consent = new Map<string, ConsentRecord[]>();

  async get(email: string): Promise<Subscriber | null> {
    const s = this.subscribers.get(email);
    return s ? structuredClone(s) : null;
  }

  async themeStatuses(emails: string[], themeId: string): Promise<Map<string, SubscriptionStatus>> {
    const out = new Map<string, SubscriptionStatus>();
    for (const e of emails) {
      const t = this.subscribers.get(e)?.themes.find((x) => x.themeId === themeId);
      if (t) out.set(e, t.status);
    }
    return out;
  }

  async setThemes(email: string, themes: { themeId: string; status: SubscriptionStatus }[], at: string): Promise<Subscriber> {
    const s = this.subscribers.get(email) ?? { email, createdAt: at, themes: [] };
    for (const t of themes) {
      const existing = s.themes.find((x) => x.themeId === t.themeId);
      if (existing) Object.assign(existing, { status: t.status, updatedAt: at });
      else s.themes.push({ themeId: t.themeId, status: t.status, updatedAt: at });
    }
    s.themes.sort((a, b) => a.themeId.localeCompare(b.themeId));
    this.subscribers.set(email, s);
    return structuredClone(s);
  }

  async recordConsent(email: string, record: ConsentRecord): Promise<void> {
    const held = (this.consent.get(email) ?? []).filter((r) => record.key === undefined || r.key !== record.key);
    this.consent.set(email, [...held, record]);
  }

  async listConsent(email: string): Promise<ConsentRecord[]> {
    return (this.consent.get(email) ?? []).map(({ key: _key, ...record }) => record);
  }

  async listActive(themeId: string, opts: { cursor?: string; limit?: number } = {}): Promise<Page<string>> {
    const all = [...this.subscribers.values()].filter((s) => s.themes.some((t) => t.themeId === themeId && t.status === 'active')).map((s) => s.email).sort();
    return page(all, opts, (e) => e);
  }

  async listAll(opts: { cursor?: string; limit?: number } = {}): Promise<Page<Subscriber>> {
    const all = [...this.subscribers.values()].sort((a, b) => a.email.localeCompare(b.email)).map((s) => structuredClone(s));
    return page(all, opts, (s) => s.email);
  }

  async erase(email: string): Promise<void> {
    this.subscribers.delete(email);
    this.consent.delete(email);
  }
}

function page<T>(all: T[], opts: { cursor?: string; limit?: number }, key: (x: T) => string): Page<T> {
  const limit = opts.limit ?? 1000;
  const start = opts.cursor ? all.findIndex((x) => key(x) > Buffer.from(opts.cursor!, 'base64url').toString()) : 0;
  const items = start < 0 ? [] : all.slice(start, start + limit);
  const more = start >= 0 && start + limit < all.length;
  return { items, cursor: more ? Buffer.from(key(items[items.length - 1])).toString('base64url') : undefined };
}
