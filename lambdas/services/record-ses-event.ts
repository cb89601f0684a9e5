/**
 * recordSesEvent: SES notifications and configuration-set events (delivered through SNS).
 * Bounces and complaints suppress the address for every theme (transient bounces do not).
 * With an engagement store, deliveries, bounces, complaints and (from themes that opted in to
 * tracking, whose mails alone go through a tracking configuration set) opens and clicks are
 * counted per issue (the `issue` tag SES carries back), each reader once, as a hash.
 */
import { addressHash } from '../domain/subscriptions/email-address.ts';
import type { EngagementKind, EngagementStore } from '../ports/engagement-store.ts';
import type { SuppressionList } from '../ports/suppression-list.ts';

interface SesNotification {
  notificationType?: string;
  eventType?: string;
  mail?: { destination?: string[]; tags?: Record<string, string[]> };
  delivery?: { recipients?: string[] };
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
export async function recordSesEvent(deps: { suppression: SuppressionList; clock: { now(): Date }; engagement?: EngagementStore }, input: unknown): Promise<{ suppressed: string[]; ignored?: string; counted?: { issueId: string; kind: EngagementKind; readers: number } }> {
  const n = parseSesNotification(input);
  const type = n.notificationType ?? n.eventType;
  const at = deps.clock.now().toISOString();
  const counted = await countEngagement(deps, n, type, at);
  const r = await suppress(deps, n, type, at);
  return counted ? { ...r, counted } : r;
}

const KIND: Record<string, EngagementKind> = { Delivery: 'delivered', Bounce: 'bounced', Complaint: 'complained', Open: 'opened', Click: 'clicked' };

async function countEngagement(deps: { engagement?: EngagementStore }, n: SesNotification, type: string | undefined, at: string) {
  const kind = type ? KIND[type] : undefined;
  const issueId = n.mail?.tags?.issue?.[0];
  if (!deps.engagement || !kind || !issueId || !/^[a-z0-9-]+$/.test(issueId)) return undefined;
  const readers = kind === 'delivered' ? (n.delivery?.recipients ?? n.mail?.destination ?? []) : kind === 'bounced' ? (n.bounce?.bouncedRecipients.map((r) => r.emailAddress) ?? []) : kind === 'complained' ? (n.complaint?.complainedRecipients.map((r) => r.emailAddress) ?? []) : (n.mail?.destination ?? []);
  for (const r of readers) await deps.engagement.record(issueId, kind, addressHash(r), at);
  return { issueId, kind, readers: readers.length };
}

async function suppress(deps: { suppression: SuppressionList }, n: SesNotification, type: string | undefined, at: string): Promise<{ suppressed: string[]; ignored?: string }> {
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
