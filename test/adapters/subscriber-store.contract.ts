/** The behaviour every SubscriberStore and SuppressionList must have, run against each adapter. */
import { describe, expect, it } from 'vitest';
import type { SubscriberStore } from '../../lambdas/ports/subscriber-store.ts';
import type { SuppressionList } from '../../lambdas/ports/suppression-list.ts';

export function subscriberStoreContract(name: string, make: () => Promise<{ store: SubscriberStore; suppression: SuppressionList }>, bulk = 1200) {
  describe(`${name}: SubscriberStore contract`, () => {
    it('creates, updates and reads theme statuses, keeping other themes', async () => {
      const { store } = await make();
      await store.setThemes('a@example.com', [{ themeId: 'x', status: 'pending' }, { themeId: 'y', status: 'active' }], '2026-01-01T00:00:00Z');
      await store.setThemes('a@example.com', [{ themeId: 'x', status: 'active' }], '2026-01-02T00:00:00Z');
      const s = await store.get('a@example.com');
      expect(s?.createdAt).toBe('2026-01-01T00:00:00Z');
      expect(s?.themes.map((t) => [t.themeId, t.status])).toEqual([['x', 'active'], ['y', 'active']]);
      expect(await store.get('nobody@example.com')).toBeNull();
    });

    it('is safe to repeat a write', async () => {
      const { store } = await make();
      for (let i = 0; i < 2; i++) await store.setThemes('b@example.com', [{ themeId: 'x', status: 'active' }], '2026-01-01T00:00:00Z');
      expect((await store.get('b@example.com'))?.themes).toHaveLength(1);
      expect((await store.listActive('x')).items.filter((e) => e === 'b@example.com')).toHaveLength(1);
    });

    it(`pages through ${bulk} active subscribers of a theme with a cursor, each once`, async () => {
      const { store } = await make();
      // Written 25 at a time: 1,200 sequential round trips took over 30 s on a loaded machine.
      for (let start = 0; start < bulk; start += 25) {
        await Promise.all(
          Array.from({ length: Math.min(25, bulk - start) }, (_, k) => start + k).map((i) =>
            store.setThemes(`r${String(i).padStart(5, '0')}@example.com`, [{ themeId: 'big', status: i % 10 === 0 ? 'unsubscribed' : 'active' }], '2026-01-01T00:00:00Z'),
          ),
        );
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listActive('big', { cursor, limit: 250 });
        seen.push(...page.items);
        cursor = page.cursor;
        pages++;
      } while (cursor && pages < 100);
      expect(seen).toHaveLength(bulk - bulk / 10);
      expect(new Set(seen).size).toBe(seen.length);
    }, 120_000);

    it('records consent and erases everything about a subscriber', async () => {
      const { store } = await make();
      await store.setThemes('c@example.com', [{ themeId: 'x', status: 'active' }], '2026-01-01T00:00:00Z');
      await store.recordConsent('c@example.com', { action: 'subscribe', themes: ['x'], source: 'web', at: '2026-01-01T00:00:00Z', ip: '127.0.0.1' });
      expect(await store.listConsent('c@example.com')).toEqual([{ action: 'subscribe', themes: ['x'], source: 'web', at: '2026-01-01T00:00:00Z', ip: '127.0.0.1' }]);
      await store.erase('c@example.com');
      await store.erase('c@example.com');
      expect(await store.get('c@example.com')).toBeNull();
      expect(await store.listConsent('c@example.com')).toEqual([]);
      expect((await store.listActive('x')).items).not.toContain('c@example.com');
    });
  });

  describe(`${name}: SuppressionList contract`, () => {
    it('suppresses by hashed address, first reason wins, case-insensitive', async () => {
      const { suppression } = await make();
      expect(await suppression.isSuppressed('d@example.com')).toBe(false);
      await suppression.suppress('D@Example.com', 'bounce', '2026-01-01T00:00:00Z');
      await suppression.suppress('d@example.com', 'complaint', '2026-01-02T00:00:00Z');
      expect(await suppression.isSuppressed('d@example.com')).toBe(true);
      expect(await suppression.reason('d@example.com')).toBe('bounce');
    });
  });
}
