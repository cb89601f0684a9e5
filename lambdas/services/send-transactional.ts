/** sendTransactional: renders a confirm / welcome / unsubscribed mail for one reader and hands it to the Mailer. */
import { renderTransactional, type TransactionalData, type TransactionalName } from '../rendering/render-transactional.ts';
import { composeMessage } from '../rendering/compose-message.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

/**
 * Sends one transactional mail.
 * @param listUnsubscribe List-Unsubscribe value for mails that carry one (welcome)
 */
export async function sendTransactional(
  deps: Pick<SubscriptionDeps, 'mailer' | 'config'>,
  name: TransactionalName,
  to: string,
  data: Omit<TransactionalData, 'postalAddress'>,
  listUnsubscribe?: string,
): Promise<string> {
  const mail = await renderTransactional(name, { ...data, postalAddress: deps.config.postalAddress, newsletterName: deps.config.newsletterName }, deps.config.templatesDir);
  const raw = await composeMessage({ from: deps.config.fromAddress, to, subject: mail.subject, html: mail.html, text: mail.text, listUnsubscribe });
  const { messageId } = await deps.mailer.send({ to, raw, tags: { kind: name } });
  return messageId;
}
