/**
 * Sending pace: the rate a sender paces itself at, under both the configured rate and the
 * account's own quota (SES GetAccount), so a sandbox or a newly raised account is respected
 * without a redeploy; the configured rate alone when the service does not report a quota.
 */

/**
 * The rate one sender paces at, in messages per second.
 * @param configured the configured rate per sender (NEWSLETTER_SES_RATE)
 * @param quota the account's maxSendRate, or null when unknown
 * @param senders senders that may run at once (they share the account's quota)
 */
export function paceRate(configured: number, quota: { maxSendRate: number } | null, senders = 1): number {
  if (!quota || !(quota.maxSendRate > 0)) return configured;
  return Math.min(configured, quota.maxSendRate / Math.max(1, senders));
}
