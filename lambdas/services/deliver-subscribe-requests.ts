/**
 * deliverSubscribeRequests: the outbox worker. Takes the due subscribe requests one by one
 * (leased, so two workers never deliver the same one), runs the double opt-in and mails the
 * confirmation; when SES or the database is not reachable the request waits and is tried
 * again with a growing delay (it survives restarts: the outbox is in the table).
 */
import { randomUUID } from 'node:crypto';
import { maskEmail } from '../domain/subscriptions/email-address.ts';
import { MailerError } from '../ports/mailer.ts';
import { startDoubleOptIn } from './subscribe.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

const LEASE_MS = 60_000;
/** After this many failed attempts a request is dropped (and logged): about a day of retries. */
export const MAX_ATTEMPTS = 20;

/** Delay before the next attempt: 2 s doubling, at most 30 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30 * 60_000, 2_000 * 2 ** attempts);
}

/** Delivers what is due; returns counts (for the pump's logs and tests). */
export async function deliverSubscribeRequests(deps: SubscriptionDeps, opts: { limit?: number } = {}): Promise<{ delivered: number; retried: number; dropped: number }> {
  const outbox = deps.outbox;
  const out = { delivered: 0, retried: 0, dropped: 0 };
  if (!outbox) return out;
  const owner = randomUUID();
  const now = () => deps.clock.now().getTime();
  for (const job of await outbox.due(now(), opts.limit ?? 50)) {
    if (!(await outbox.lease(job.id, owner, now(), now() + LEASE_MS))) continue;
    try {
      await startDoubleOptIn(deps, { ...job.request, at: job.request.at });
      await outbox.complete(job.id);
      out.delivered++;
    } catch (err) {
      const permanent = err instanceof MailerError && err.kind === 'permanent';
      if (permanent || job.attempts + 1 >= MAX_ATTEMPTS) {
        console.log(JSON.stringify({ level: 'warn', event: 'subscribe_request_dropped', to: maskEmail(job.request.email), attempts: job.attempts + 1, reason: (err as Error).message }));
        await outbox.complete(job.id);
        out.dropped++;
      } else {
        await outbox.retry(job.id, now() + retryDelayMs(job.attempts), (err as Error).message);
        out.retried++;
      }
    }
  }
  return out;
}

/**
 * Runs the worker in this process (the local stack): on every wake-up (a new request) and
 * every `intervalMs` for retries. Returns a stop function and a wake function.
 */
export function startOutboxPump(deps: SubscriptionDeps, opts: { intervalMs?: number } = {}): { wake(): void; stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverSubscribeRequests(deps)
      .then(() => undefined)
      .catch((err) => console.log(JSON.stringify({ level: 'warn', event: 'outbox_pump_error', message: (err as Error).message })))
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, opts.intervalMs ?? 1_000);
  timer.unref();
  return {
    wake: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
