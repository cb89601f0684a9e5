/**
 * recordSesEvent: SES bounce and complaint notifications (delivered through SNS) suppress the
 * address for every theme; transient bounces do not.
 */
import type { SuppressionList } from '../ports/suppression-list.ts';

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  bounce?: { bounceType: string; bouncedRecipients: { emailAddress: string }[] };
  complaint?: { complainedRecipients: { emailAddress: string }[] };
}

/** Reads an SES notification from an SNS envelope, an SNS Lambda record, or the bare JSON. */
export function parseSesNotification(input: unknown): SesNotification {
  let v = input as Record<string, unknown>;
  if (typeof v === 'string') v = JSON.parse(v);
  if (v && typeof v === 'object' && 'Sns' in v) v = (v as { Sns: { Message: string } }).Sns as unknown as Record<string, unknown>;
  if (v && typeof v.Message === 'string') v = JSON.parse(v.Message);
  return v as SesNotification;
}

/** Applies one notification; returns what it did. */
export async function recordSesEvent(deps: { suppression: SuppressionList; clock: { now(): Date } }, input: unknown): Promise<{ suppressed: string[]; ignored?: string }> {
  const n = parseSesNotification(input);
  const type = n.notificationType ?? n.eventType;
  const at = deps.clock.now().toISOString();
  if (type === 'Bounce' && n.bounce) {
    if (n.bounce.bounceType !== 'Permanent') return { suppressed: [], ignored: `${n.bounce.bounceType} bounce: no suppression` };
    const emails = n.bounce.bouncedRecipients.map((r) => r.emailAddress);
    for (const e of emails) await deps.suppression.suppress(e, 'bounce', at);
    return { suppressed: emails };
  }
  if (type === 'Complaint' && n.complaint) {
    const emails = n.complaint.complainedRecipients.map((r) => r.emailAddress);
    for (const e of emails) await deps.suppression.suppress(e, 'complaint', at);
    return { suppressed: emails };
  }
  return { suppressed: [], ignored: `notification type ${type ?? 'unknown'} needs no action` };
}
