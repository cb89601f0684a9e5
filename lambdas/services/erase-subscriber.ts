/** eraseSubscriber: deletes a reader and their consent records, keeping only a hashed suppression entry so they are never mailed again. */
import { normalizeEmail } from '../domain/subscriptions/email-address.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

export async function eraseSubscriber(deps: Pick<SubscriptionDeps, 'store' | 'suppression' | 'clock'>, email: string): Promise<void> {
  const e = normalizeEmail(email);
  await deps.suppression.suppress(e, 'erased', deps.clock.now().toISOString());
  await deps.store.erase(e);
}
