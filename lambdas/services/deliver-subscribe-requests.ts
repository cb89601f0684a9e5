/**
 * deliverSubscribeRequests: the outbox worker. Takes the due subscribe requests one by one
 * (leased, so two workers never deliver the same one), runs the double opt-in and mails the
 * confirmation; when SES or the database is not reachable the request waits and is tried
 * again with a growing delay for a day (it survives restarts: the outbox is in the table).
 * A request counts once against the mailbox's rate limit and writes one consent record,
 * however often it is tried; every retry is logged, and a request given up on is logged as
 * an error with a metric the operator's alarm watches.
 */
import { randomUUID } from 'node:crypto';
import { maskEmail } from '../domain/subscriptions/email-address.ts';
import { mailboxKey } from '../domain/subscriptions/rate-keys.ts';
import { MailerError } from '../ports/mailer.ts';
import type { OutboxJob } from '../ports/outbox.ts';
import { startDoubleOptIn } from './subscribe.ts';
import type { SubscriptionDeps } from './subscription-deps.ts';

const LEASE_MS = 60_000;
/** How long a request is retried (from when the reader asked) before it is given up on. */
export const GIVE_UP_AFTER_MS = 24 * 3600_000;

/** Delay before the next attempt: 2 s doubling, at most 15 minutes (about 100 tries in a day). */
export function retryDelayMs(attempts: number): number {
  return Math.min(15 * 60_000, 2_000 * 2 ** Math.min(attempts, 20));
}

/** CloudWatch namespace of the outbox's metrics (an alarm watches `dropped`). */
export const OUTBOX_METRICS_NAMESPACE = 'Newsletter/Outbox';

/** Logs a request given up on, with an embedded metric (CloudWatch EMF) for the alarm. */
function logDropped(job: OutboxJob, reason: string): void {
  const line = { level: 'error', event: 'subscribe_request_dropped', to: maskEmail(job.request.email), attempts: job.attempts + 1, askedAt: job.request.at, reason, dropped: 1 };
  const metric = { _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: OUTBOX_METRICS_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: 'dropped', Unit: 'Count' }] }] } };
  console.log(JSON.stringify({ ...metric, ...line }));
}

/** Jobs a run delivers before it may give way to a busy API (so nothing waits forever). */
export const MIN_JOBS_PER_RUN = 2;

/**
 * Delivers what is due; returns counts (for the pump's logs and tests).
 * @param opts.lanes jobs delivered at once (requests for one address always share a lane, in order)
 * @param opts.giveWay asked between jobs (after MIN_JOBS_PER_RUN): true ends the run early, leaving the rest to the next
 */
export async function deliverSubscribeRequests(deps: SubscriptionDeps, opts: { limit?: number; lanes?: number; giveWay?: () => boolean } = {}): Promise<{ delivered: number; retried: number; dropped: number; gaveWay: boolean; due: number }> {
  const outbox = deps.outbox;
  const out = { delivered: 0, retried: 0, dropped: 0, gaveWay: false, due: 0 };
  if (!outbox) return out;
  const owner = randomUUID();
  const now = () => deps.clock.now().getTime();
  const jobs = await outbox.due(now(), opts.limit ?? 50);
  out.due = jobs.length;
  const lanes: OutboxJob[][] = Array.from({ length: Math.max(1, opts.lanes ?? 1) }, () => []);
  for (const job of jobs) lanes[laneOf(job.request.email, lanes.length)].push(job);
  let done = 0;
  const deliver = async (job: OutboxJob) => {
    if (!(await outbox.lease(job.id, owner, now(), now() + LEASE_MS))) return;
    done++;
    try {
      // The mailbox's limit counts the request once: only its first attempt hits the limiter.
      const r = await startDoubleOptIn(deps, { ...job.request, consentKey: job.id }, { countRate: job.attempts === 0 });
      if (r.limited) console.log(JSON.stringify({ level: 'warn', event: 'subscribe_request_rate_limited', to: maskEmail(job.request.email) }));
      await outbox.complete(job.id);
      out.delivered++;
    } catch (err) {
      const reason = (err as Error).message;
      const permanent = err instanceof MailerError && err.kind === 'permanent';
      const tooOld = now() - Date.parse(job.request.at) >= GIVE_UP_AFTER_MS;
      if (permanent || tooOld) {
        logDropped(job, permanent ? reason : `still failing after ${Math.round(GIVE_UP_AFTER_MS / 3600_000)} h: ${reason}`);
        await outbox.complete(job.id);
        out.dropped++;
      } else {
        const dueAt = now() + retryDelayMs(job.attempts);
        console.log(JSON.stringify({ level: 'warn', event: 'subscribe_request_retry', to: maskEmail(job.request.email), attempts: job.attempts + 1, nextAt: new Date(dueAt).toISOString(), reason }));
        await outbox.retry(job.id, dueAt, reason);
        out.retried++;
      }
    }
  };
  await Promise.all(
    lanes.map(async (lane) => {
      for (const job of lane) {
        if (done >= MIN_JOBS_PER_RUN && opts.giveWay?.()) {
          out.gaveWay = true;
          return;
        }
        await deliver(job);
      }
    }),
  );
  return out;
}

/** The lane of an address: the same mailbox (plus tags and provider dots folded) always in the same lane. */
function laneOf(email: string, lanes: number): number {
  let h = 0;
  for (const c of mailboxKey(email)) h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h) % lanes;
}

/**
 * Runs the worker in this process (the local stack): on every wake-up and every
 * `intervalMs`. With `busy` (the API has a queue of requests), a run gives way after a few
 * jobs: mail to new subscribers is background work and waits a tick rather than slow the
 * answers (which say 202 whatever happens next). Returns a stop function and a wake function.
 */
export function startOutboxPump(deps: SubscriptionDeps, opts: { intervalMs?: number; lanes?: number; busy?: () => boolean } = {}): { wake(): void; stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = deliverSubscribeRequests(deps, { giveWay: opts.busy, lanes: opts.lanes ?? 1, limit: 50 })
      .then((r) => {
        // A full run that did not give way: more may be due now, so go on without waiting a tick.
        if (r.due >= 50 && !r.gaveWay) again = true;
      })
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
