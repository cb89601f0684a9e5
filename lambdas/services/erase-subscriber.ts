/** eraseSubscriber: deletes a reader and their consent records, keeping only a hashed suppression entry so they are never mailed again. */
import { normalizeEmail } from '../domain/subscriptions/email-address.ts';
import { NotFoundError } from '../errors.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

/**
 * Erases a reader.
 * @throws NotFoundError when the address was never subscribed (nothing is stored then)
 */
export async function eraseSubscriber(deps: Pick<SubscriptionDeps, 'store' | 'suppression' | 'clock'>, email: string): Promise<void> {
  const e = normalizeEmail(email);
  if (!(await deps.store.get(e))) throw new NotFoundError(`subscriber '${e}'`, 'nothing was changed; see newsletter subscribers list', { exitCode: 1 });
  await deps.suppression.suppress(e, 'erased', deps.clock.now().toISOString());
  await deps.store.erase(e);
}
