/** The behaviour every SubscriberStore and SuppressionList must have, run against each adapter. */
import { describe, expect, it } from 'vitest';
import type { SubscriberStore } from '../../lambdas/ports/subscriber-store.ts';
import type { SuppressionList } from '../../lambdas/ports/suppression-list.ts';

/**
 * @param make a fresh store and suppression list; `writeLegacy` stores a suppression entry as
 *   the code before mailbox folding did (the hash of the exact address only)
 */
export function subscriberStoreContract(name: string, make: () => Promise<{ store: SubscriberStore; suppression: SuppressionList; writeLegacy?: (email: string) => Promise<void> }>, bulk = 1200) {
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

    it('covers the mailbox: x+again@ and x.@gmail.com after x@gmail.com, also in one batched read', async () => {
      // Prepare: the editor erased x@gmail.com
      const { suppression } = await make();
      await suppression.suppress('x@gmail.com', 'erased', '2026-01-01T00:00:00Z');
      // Act
      const among = await suppression.suppressedAmong(['x+again@gmail.com', 'x.@gmail.com', 'X@googlemail.com', 'y@gmail.com']);
      // Assess
      expect(await suppression.isSuppressed('x+again@gmail.com')).toBe(true);
      expect(await suppression.reason('x.@gmail.com')).toBe('erased');
      expect([...among].sort()).toEqual(['X@googlemail.com', 'x+again@gmail.com', 'x.@gmail.com']);
    });

    it('never suppresses another mailbox: a tag at an unknown host, dots outside Gmail, one Yahoo keyword', async () => {
      // Prepare: bounces anyone can cause by subscribing an address that does not exist
      const { suppression } = await make();
      await suppression.suppress('victim+junk@corp.example', 'bounce', '2026-01-01T00:00:00Z');
      await suppression.suppress('j.smith@corp.example', 'bounce', '2026-01-01T00:00:00Z');
      await suppression.suppress('base-junk@yahoo.com', 'bounce', '2026-01-01T00:00:00Z');
      // Assess: each bounced address is suppressed, no other one
      expect(await suppression.suppressedAmong(['victim+junk@corp.example', 'j.smith@corp.example', 'base-junk@yahoo.com'])).toHaveProperty('size', 3);
      expect(await suppression.suppressedAmong(['victim@corp.example', 'victim+news@corp.example', 'jsmith@corp.example', 'base-news@yahoo.com', 'base@yahoo.com'])).toEqual(new Set());
    });

    it('a Gmail tag speaks for its mailbox; a suppressed address at any host covers its plus-tags', async () => {
      const { suppression } = await make();
      await suppression.suppress('ada.l+news@gmail.com', 'complaint', '2026-01-01T00:00:00Z');
      await suppression.suppress('bob@corp.example', 'bounce', '2026-01-01T00:00:00Z');
      expect(await suppression.reason('adal@gmail.com')).toBe('complaint');
      expect(await suppression.isSuppressed('bob+again@corp.example')).toBe(true);
    });

    it('keeps matching entries written before folding (the hash of the exact address)', async () => {
      // Prepare: entries as the earlier code wrote them
      const made = await make();
      if (!made.writeLegacy) return;
      await made.writeLegacy('x@gmail.com');
      await made.writeLegacy('a.b@gmail.com');
      // Assess: the exact address, and spellings that fold to an old entry
      expect(await made.suppression.isSuppressed('a.b@gmail.com')).toBe(true);
      expect(await made.suppression.isSuppressed('x+again@gmail.com')).toBe(true);
      expect(await made.suppression.suppressedAmong(['x.@gmail.com', 'a.b@gmail.com', 'z@gmail.com'])).toEqual(new Set(['x.@gmail.com', 'a.b@gmail.com']));
    });
  });
}
