/**
 * Fan-out benchmark: a deterministic discrete-event simulation (simulated time: no AWS, no
 * network, no sleeping) of sending one issue to 1,000,000 readers the way the deployed stack
 * does. Fan-out pages gsi1 and puts batches of BATCH_SIZE recipients on SQS (SendMessageBatch,
 * 10 per call); the send-worker Lambda (reserved concurrency C; SQS batch size, timeout,
 * visibility timeout, maxReceiveCount and memory read from infra/) runs sendBatch's steps for
 * each reader: suppression and subscription reads, ledger claim, personalise + MIME, the
 * per-worker token bucket, markAttempt, SES SendEmail against the account's send rate,
 * markSent; on throttling: release, backoff with full jitter, up to MAX_ATTEMPTS, then the
 * record is reported failed and comes back after the visibility timeout (dead-lettered after
 * maxReceiveCount). Grid: SES rate 14 / 100 / 1,000 messages/s x C (derived from the rate as
 * infra does, 10, 50, 100); 10k and 100k readers at the derived C; one slow-SES sensitivity run.
 * Reports time to finish, DynamoDB write/read request units, Lambda invocations and GB-s, SQS
 * requests, and the cost at list prices. The per-message CPU cost is measured in this run by
 * timing the real messageFor() (link signing + personalisation + MIME); service latencies are
 * stated assumptions (ASSUMED below). Writes bench/results/fanout.json.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lambdas/config.ts';
import { claimOutcome } from '../lambdas/domain/sending/ledger-rules.ts';
import { backoffMs, TokenBucket } from '../lambdas/domain/sending/token-bucket.ts';
import type { Digest } from '../lambdas/domain/types.ts';
import type { StoredIssue } from '../lambdas/ports/issue-store.ts';
import type { ClaimResult, LedgerEntry } from '../lambdas/ports/send-ledger.ts';
import { compileIssue } from '../lambdas/rendering/compile-issue.ts';
import { BATCH_SIZE } from '../lambdas/services/fan-out.ts';
import { compileIssueMessageTemplate } from '../lambdas/rendering/message-template.ts';
import { LEASE_MS, messageFor } from '../lambdas/services/send-batch.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const wallStart = performance.now();

// ---------------------------------------------------------------------------------------------
// What the code and the infrastructure say (read from the sources so the model follows them).
function grab(file: string, re: RegExp, what: string): number {
  const m = readFileSync(path.join(root, file), 'utf8').match(re);
  if (!m) throw new Error(`fanout bench: cannot find ${what} in ${file}; update bench/fanout.bench.ts`);
  return Number(m[1]);
}
const SENDING = 'infra/constructs/sending.ts';
const sendWorkerMemory = readFileSync(path.join(root, SENDING), 'utf8').match(/'SendWorker', \{[^}]*memoryMb: (\d+)/);
const INFRA = {
  perWorkerRate: grab(SENDING, /PER_WORKER_RATE = (\d+)/, 'PER_WORKER_RATE'),
  sqsBatchSize: grab(SENDING, /SqsEventSource\(this\.queue, \{ batchSize: (\d+)/, 'the send queue event source batch size'),
  visibilityTimeoutMs: grab(SENDING, /visibilityTimeout: Duration\.minutes\((\d+)\)/, 'the send queue visibility timeout') * 60_000,
  maxReceiveCount: grab(SENDING, /maxReceiveCount: (\d+)/, 'maxReceiveCount'),
  workerTimeoutMs: grab(SENDING, /'SendWorker', \{[^}]*timeout: Duration\.minutes\((\d+)\)/, 'the send worker timeout') * 60_000,
  workerMemoryMb: sendWorkerMemory ? Number(sendWorkerMemory[1]) : grab('infra/constructs/newsletter-function.ts', /memorySize: props\.memoryMb \?\? (\d+)/, 'the default memory'),
  buildIssueMemoryMb: grab(SENDING, /'BuildIssue', \{[^}]*memoryMb: (\d+)/, 'the build-issue memory'),
  buildIssueTimeoutMs: grab(SENDING, /'BuildIssue', \{[^}]*timeout: Duration\.minutes\((\d+)\)/, 'the build-issue timeout') * 60_000,
};
grab(SENDING, /Math\.max\((1), Math\.floor\(props\.sesRate \/ PER_WORKER_RATE\)\)/, 'the reserved concurrency formula');
/** Reserved concurrency as infra derives it from the SES rate. */
const derivedConcurrency = (sesRate: number) => Math.max(1, Math.floor(sesRate / INFRA.perWorkerRate));
const CODE = {
  batchSize: BATCH_SIZE,
  leaseMs: LEASE_MS,
  maxAttempts: grab('lambdas/services/send-batch.ts', /const MAX_ATTEMPTS = (\d+)/, 'MAX_ATTEMPTS'),
  backoffBaseMs: grab('lambdas/services/send-batch.ts', /backoffMs\(attempt, (\d+), \d+/, 'the backoff base'),
  backoffCapMs: grab('lambdas/services/send-batch.ts', /backoffMs\(attempt, \d+, (\d+)/, 'the backoff cap'),
  listActivePage: grab('lambdas/services/fan-out.ts', /listActive\(issue\.themeId, \{ cursor, limit: (\d+) \}\)/, 'the listActive page size'),
  sendManyChunk: grab('lambdas/adapters/sqs/sqs-queue.ts', /bodies\.slice\(i, i \+ (\d+)\)/, 'the SendMessageBatch size'),
};
/** The worker's token bucket burst, as bucketFor() in send-batch.ts computes it. */
const workerBurst = Math.max(1, Math.ceil(INFRA.perWorkerRate / 10));

/** Stated assumptions (not measured): in-region latencies as seen by the function, Lambda and SES behaviour. */
const ASSUMED = {
  latencyMs: { dynamoGet: 4, dynamoQuery: 5, dynamoWrite: 6, sesSendRaw: 60, sesThrottled: 20, s3Get: 25, sqsReceive: 10, sqsSendBatch: 12, gsiPageBase: 20, gsiPagePerItem: 0.02, newClients: 30, secretsManager: 40 },
  latencyJitter: 'uniform x0.75..x1.25, seeded PRNG',
  lambdaInitMs: 250,
  lambdaFullVcpuAtMb: 1769,
  gravitonVsThisCpu: 1.0,
  sesBurstSeconds: 1,
  esm: 'every free reserved-concurrency slot polls and gets up to the batch size of visible messages at once (no over-polling throttles: the behaviour of ESM maximum concurrency = reserved concurrency); an idle poller long-polls (one ReceiveMessage per 20 s)',
  longPollMs: 20_000,
  suppressedOrUnsubscribed: 0,
  buildIssue: 'building the issue (digest, MJML compile, S3 put) happens before fan-out and is outside the simulation',
};

/** List prices (us-east-1), as of late 2026; check before relying. */
const PRICES = {
  asOf: 'list prices as of late 2026, check before relying',
  sesPer1000: 0.1,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWru: 0.625,
  dynamoPerMillionRru: 0.125,
  sqsPerMillionRequests: 0.4,
  s3GetPer1000: 0.0004,
};

// ---------------------------------------------------------------------------------------------
// Measured: the real per-recipient work of the worker (messageFor with the issue's template: signed links, base64 fill).
const templatesDir = path.join(root, 'templates');
const config = loadConfig(
  { NEWSLETTER_TEMPLATES: templatesDir, NEWSLETTER_PUBLIC_URL: 'https://news.example.org' },
  { data: mkdtempSync(path.join(os.tmpdir(), 'fanout-bench-')), corpus: path.join(root, 'corpus'), themes: path.join(root, 'themes.yaml') },
);
const digest = JSON.parse(readFileSync(path.join(templatesDir, 'digest/preview.json'), 'utf8')) as Digest;
const compiled = await compileIssue(digest, { templatesDir, publicBaseUrl: config.publicBaseUrl, postalAddress: config.postalAddress });
const issue: StoredIssue = {
  id: `${digest.theme.id}-2026-12-01`,
  themeId: digest.theme.id,
  period: '2026-12-01',
  edition: 1,
  createdAt: '2026-12-01T07:00:00.000Z',
  digest,
  subject: compiled.subject,
  preheader: compiled.preheader,
  html: compiled.html,
  text: compiled.text,
  placeholders: compiled.placeholders,
};
// As the worker does it: the issue's message template compiled once, then filled per reader.
const template = await compileIssueMessageTemplate(config.fromAddress, issue);
for (let i = 0; i < 300; i++) await messageFor({ config }, issue, `warm${i}@example.com`, template);
const CPU_SAMPLES = 3000;
let rawBytes = 0;
let t0 = performance.now();
for (let i = 0; i < CPU_SAMPLES; i++) rawBytes += (await messageFor({ config }, issue, `reader${i}@example.com`, template)).length;
const cpuMsPerMessageMeasured = (performance.now() - t0) / CPU_SAMPLES;
const issueJson = JSON.stringify(issue);
t0 = performance.now();
for (let i = 0; i < 200; i++) JSON.parse(issueJson);
const cpuMsIssueParseMeasured = (performance.now() - t0) / 200;
// `--cpu-ms MESSAGE,ISSUE_PARSE` pins the two CPU figures (ms on this machine) to reproduce a
// run exactly; otherwise the measured ones are used, so timings vary a little between runs.
const pinnedCpu = process.argv.indexOf('--cpu-ms');
const pinned = pinnedCpu > 0 ? (process.argv[pinnedCpu + 1] ?? '').split(',').map(Number) : null;
if (pinned && !(pinned.length === 2 && pinned.every((x) => x > 0))) throw new Error('--cpu-ms needs MESSAGE,ISSUE_PARSE in milliseconds, e.g. --cpu-ms 0.755,0.027');
const cpuMsPerMessageHere = pinned ? pinned[0] : cpuMsPerMessageMeasured;
const cpuMsIssueParseHere = pinned ? pinned[1] : cpuMsIssueParseMeasured;
/** CPU share of the worker: Lambda gives a full vCPU at 1,769 MB, proportionally less below. */
const cpuScale = Math.max(1, ASSUMED.lambdaFullVcpuAtMb / INFRA.workerMemoryMb) * ASSUMED.gravitonVsThisCpu;
const cpuMsPerMessage = cpuMsPerMessageHere * cpuScale;
const cpuMsIssueParse = cpuMsIssueParseHere * cpuScale;

// ---------------------------------------------------------------------------------------------
// Item and payload sizes (DynamoDB bills writes per 1 KB, reads per 4 KB; SQS per 64 KB chunk).
function itemBytes(item: Record<string, string | number>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) n += Buffer.byteLength(k) + (typeof v === 'number' ? Math.ceil(String(v).replace(/[-.]/g, '').length / 2) + 1 : Buffer.byteLength(v));
  return n;
}
const sampleEmail = 'reader123456@example.com';
const ledgerItemBytes = itemBytes({
  pk: `LEDGER#${issue.id}`, sk: `TO#${sampleEmail}`, issueId: issue.id, recipient: sampleEmail, state: 'claimed',
  owner: 'lambda-3f1c2a9e-8a47-4c52-b1d7-6c2f0e9d4b11-0', leaseUntil: 1796000000000, attemptedAt: 1796000000000,
  messageId: '0100019a2b3c4d5e-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d-000000',
});
const themeItem = { pk: `SUB#${sampleEmail}`, sk: `THEME#${issue.themeId}`, email: sampleEmail, themeId: issue.themeId, status: 'active', updatedAt: '2026-11-30T12:00:00.000Z', gsi1pk: `ACTIVE#${issue.themeId}`, gsi1sk: sampleEmail };
const gsiItemBytes = itemBytes(themeItem);
const profileItemBytes = itemBytes({ pk: `SUB#${sampleEmail}`, sk: 'PROFILE', email: sampleEmail, createdAt: '2026-11-30T12:00:00.000Z' });
if (ledgerItemBytes > 1024) throw new Error('ledger item over 1 KB: the WRU model needs an update');
const wruPerWrite = 1;
const rruEventual = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096)) * 0.5;
const rruPerReaderCheck = rruEventual(0) /* suppression GetItem (usually absent) */ + rruEventual(profileItemBytes) + rruEventual(gsiItemBytes);
const batchBodyBytes = Buffer.byteLength(JSON.stringify({ issueId: issue.id, recipients: Array.from({ length: BATCH_SIZE }, () => sampleEmail) }));

// ---------------------------------------------------------------------------------------------
// The simulation.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hash = (s: string) => [...s].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261);

interface Scenario {
  name: string;
  readers: number;
  sesRate: number;
  concurrency: number;
  sesLatencyMs?: number;
}
interface Msg {
  start: number;
  len: number;
  receiveCount: number;
  visibleAt: number;
}
const PARK = -1;
const KILL = new Error('lambda timeout');
const NONE = 0, CLAIMED = 1, SENT = 2;

function simulate(sc: Scenario) {
  const rand = mulberry32(hash(sc.name));
  const L = (base: number) => base * (0.75 + 0.5 * rand());
  const lat = { ...ASSUMED.latencyMs, sesSendRaw: sc.sesLatencyMs ?? ASSUMED.latencyMs.sesSendRaw };
  const N = sc.readers;
  const state = new Uint8Array(N), attempted = new Uint8Array(N), delivered = new Uint8Array(N), inDlq = new Uint8Array(N);
  const lease = new Float64Array(N);
  const wru = { claim: 0, markAttempt: 0, markSent: 0, release: 0 };
  const rru = { readerChecks: 0, ledgerGetAfterFailedClaim: 0, fanOutGsi: 0 };
  const sqs = { sendMessageBatch: 0, receiveMessage: 0, emptyReceive: 0, deleteMessageBatch: 0 };
  const ses = { calls: 0, accepted: 0, throttled: 0 };
  const reported: Record<ClaimResult | 'sent', number> = { sent: 0, 'already-sent': 0, held: 0, failed: 0, uncertain: 0, claimed: 0 };
  const lambda = { invocations: 0, coldStarts: 0, timeouts: 0, recordsFailed: 0, workerBilledMs: 0, initBilledMs: 0, fanOutBilledMs: 0, maxInvocationMs: 0 };
  let now = 0;
  let seq = 0;
  let lastActivity = 0;

  // Event heap of processes (fan-out + one per concurrency slot), keyed (time, seq).
  type Proc = Generator<number, void, void>;
  const heap: { t: number; s: number; p: Proc }[] = [];
  const less = (a: { t: number; s: number }, b: { t: number; s: number }) => a.t < b.t || (a.t === b.t && a.s < b.s);
  function push(t: number, p: Proc) {
    const e = { t, s: seq++, p };
    let i = heap.push(e) - 1;
    while (i > 0) {
      const j = (i - 1) >> 1;
      if (!less(heap[i], heap[j])) break;
      [heap[i], heap[j]] = [heap[j], heap[i]];
      i = j;
    }
  }
  function pop() {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
  const waiters: { p: Proc; since: number }[] = [];
  function step(p: Proc) {
    const r = p.next();
    if (r.done) return;
    if (r.value === PARK) waiters.push({ p, since: now });
    else push(r.value, p);
  }

  // The queue: visible messages (FIFO), messages coming back after the visibility timeout
  // (their times only grow, so a FIFO), and the dead-letter queue.
  const visible: Msg[] = [];
  let vHead = 0;
  const returning: Msg[] = [];
  let rHead = 0;
  const dlq: Msg[] = [];
  const visibleCount = () => visible.length - vHead;
  function wake() {
    let n = Math.ceil(visibleCount() / INFRA.sqsBatchSize);
    while (n-- > 0 && waiters.length) {
      const w = waiters.shift()!;
      sqs.emptyReceive += Math.floor((now - w.since) / ASSUMED.longPollMs);
      push(now, w.p);
    }
  }
  function receive(): Msg[] {
    const out: Msg[] = [];
    while (out.length < INFRA.sqsBatchSize && visibleCount()) {
      const m = visible[vHead++];
      if (m.receiveCount >= INFRA.maxReceiveCount) {
        dlq.push(m);
        continue;
      }
      m.receiveCount++;
      out.push(m);
    }
    if (vHead > 4096 && vHead * 2 > visible.length) visible.splice(0, vHead), (vHead = 0);
    if (out.length) sqs.receiveMessage++;
    return out;
  }

  // SES account-level rate: a token bucket of `sesRate` per second, bursting one second's worth.
  let sesTokens = sc.sesRate * ASSUMED.sesBurstSeconds;
  let sesLast = 0;
  function sesAccepts(t: number): boolean {
    sesTokens = Math.min(sc.sesRate * ASSUMED.sesBurstSeconds, sesTokens + ((t - sesLast) / 1000) * sc.sesRate);
    sesLast = t;
    if (sesTokens >= 1) {
      sesTokens -= 1;
      return true;
    }
    return false;
  }

  function* fanOut(): Proc {
    let t = 0;
    let queued = 0;
    for (let page = 0; ; page++) {
      // listActive(limit 1000): DynamoDB returns a LastEvaluatedKey whenever the limit is hit,
      // so an exact multiple of 1000 costs one more (empty) query.
      const items = Math.min(CODE.listActivePage, N - queued);
      t += L(lat.gsiPageBase + lat.gsiPagePerItem * items);
      rru.fanOutGsi += rruEventual(items * gsiItemBytes);
      const bodies: Msg[] = [];
      for (let i = 0; i < items; i += CODE.batchSize) bodies.push({ start: queued + i, len: Math.min(CODE.batchSize, items - i), receiveCount: 0, visibleAt: 0 });
      for (let i = 0; i < bodies.length; i += CODE.sendManyChunk) {
        t += L(lat.sqsSendBatch);
        yield t;
        const chunk = bodies.slice(i, i + CODE.sendManyChunk);
        sqs.sendMessageBatch += Math.max(1, Math.ceil((chunk.length * batchBodyBytes) / 65536));
        visible.push(...chunk);
        wake();
      }
      queued += items;
      if (items < CODE.listActivePage) break;
    }
    lambda.fanOutBilledMs = Math.ceil(t);
    lastActivity = Math.max(lastActivity, t);
  }

  let invocationSeq = 0;
  function* worker(): Proc {
    let cold = true;
    for (;;) {
      let batch = receive();
      while (!batch.length) {
        yield PARK;
        batch = receive();
      }
      const receivedAt = now;
      let t = now + L(lat.sqsReceive);
      if (cold) {
        const init = L(ASSUMED.lambdaInitMs);
        lambda.initBilledMs += Math.ceil(init);
        lambda.coldStarts++;
        t += init;
      }
      const start = t;
      const deadline = start + INFRA.workerTimeoutMs;
      const owner = ++invocationSeq;
      const adv = (ms: number) => {
        if (t + ms > deadline) throw KILL;
        t += ms;
      };
      let killed = false;
      const ok: Msg[] = [];
      const failed: Msg[] = [];
      try {
        if (cold) adv(L(lat.secretsManager)); // lambdaConfig() reads the token secret once per environment
        adv(L(lat.newClients)); // wireSendWorkerDeps() builds new SDK clients on every invocation
        let bucket: TokenBucket | null = null;
        for (const msg of batch) {
          adv(L(lat.s3Get) + cpuMsIssueParse); // issues.get() per record
          s3Gets++;
          bucket ??= new TokenBucket(INFRA.perWorkerRate, workerBurst, t);
          let retryLater = false;
          for (let r = msg.start; r < msg.start + msg.len; r++) {
            adv(L(lat.dynamoGet) + L(lat.dynamoQuery) + L(lat.dynamoQuery)); // suppression + subscriber (profile, themes)
            rru.readerChecks += rruPerReaderCheck;
            let done = false;
            let composed = false;
            for (let attempt = 0; attempt < CODE.maxAttempts && !done; attempt++) {
              adv(L(lat.dynamoWrite));
              wru.claim += wruPerWrite;
              const outcome: ClaimResult = state[r] === NONE ? 'claimed' : claimOutcome({ state: state[r] === SENT ? 'sent' : 'claimed', leaseUntil: lease[r], attemptedAt: attempted[r] ? 1 : undefined } as LedgerEntry, t);
              if (outcome !== 'claimed') {
                adv(L(lat.dynamoGet)); // the failed condition is read (consistent) to say why
                rru.ledgerGetAfterFailedClaim += 1;
                reported[outcome]++;
                done = true;
                break;
              }
              state[r] = CLAIMED;
              attempted[r] = 0;
              lease[r] = t + CODE.leaseMs;
              if (!composed) {
                adv(cpuMsPerMessage);
                composed = true;
              }
              for (let w = bucket.take(t); w > 0; w = bucket.take(t)) adv(w);
              adv(L(lat.dynamoWrite));
              wru.markAttempt += wruPerWrite;
              attempted[r] = 1;
              yield t; // the SES call, in global time order
              ses.calls++;
              if (sesAccepts(t)) {
                ses.accepted++;
                delivered[r]++;
                adv(L(lat.sesSendRaw));
                adv(L(lat.dynamoWrite));
                wru.markSent += wruPerWrite;
                state[r] = SENT;
                reported.sent++;
                done = true;
              } else {
                ses.throttled++;
                adv(L(lat.sesThrottled));
                adv(L(lat.dynamoWrite));
                wru.release += wruPerWrite;
                state[r] = NONE;
                attempted[r] = 0;
                adv(backoffMs(attempt, CODE.backoffBaseMs, CODE.backoffCapMs, rand));
              }
            }
            if (!done) retryLater = true;
          }
          (retryLater ? failed : ok).push(msg);
        }
      } catch (err) {
        if (err !== KILL) throw err;
        killed = true;
        t = deadline;
      }
      yield t; // the invocation ends
      cold = false;
      lambda.invocations++;
      lambda.workerBilledMs += Math.ceil(t - start);
      lambda.maxInvocationMs = Math.max(lambda.maxInvocationMs, t - start);
      lastActivity = Math.max(lastActivity, t);
      // A timeout fails the whole batch; otherwise the ESM deletes the records that succeeded and
      // leaves the reported failures to come back when their visibility timeout ends.
      const back = killed ? batch : failed;
      if (killed) lambda.timeouts++;
      else if (ok.length) sqs.deleteMessageBatch++;
      lambda.recordsFailed += back.length;
      for (const m of back) {
        m.visibleAt = receivedAt + INFRA.visibilityTimeoutMs;
        returning.push(m);
      }
    }
  }

  let s3Gets = 0;
  push(0, fanOut());
  for (let i = 0; i < sc.concurrency; i++) step(worker());
  for (;;) {
    const nextReturn = rHead < returning.length ? returning[rHead].visibleAt : Infinity;
    if (!heap.length && nextReturn === Infinity) break;
    if (nextReturn <= (heap.length ? heap[0].t : Infinity)) {
      now = nextReturn;
      while (rHead < returning.length && returning[rHead].visibleAt <= now) visible.push(returning[rHead++]);
      lastActivity = Math.max(lastActivity, now);
      wake();
      continue;
    }
    const e = pop();
    now = e.t;
    step(e.p);
  }
  // Whatever was left visible goes to the DLQ on the pollers' next receives (after max receives).
  for (let i = vHead; i < visible.length; i++) dlq.push(visible[i]);
  const finishMs = lastActivity;
  for (const w of waiters) sqs.emptyReceive += Math.floor(Math.max(0, finishMs - w.since) / ASSUMED.longPollMs);

  // Outcome per reader.
  for (const m of dlq) for (let r = m.start; r < m.start + m.len; r++) inDlq[r] = 1;
  let sentOnce = 0, duplicates = 0, uncertainDelivered = 0, uncertainNotDelivered = 0, deadLettered = 0, missed = 0;
  for (let r = 0; r < N; r++) {
    if (delivered[r] > 1) duplicates++;
    if (state[r] === SENT) sentOnce++;
    else if (state[r] === CLAIMED && attempted[r]) delivered[r] ? uncertainDelivered++ : uncertainNotDelivered++;
    else if (inDlq[r]) deadLettered++;
    else missed++;
  }
  if (sentOnce + uncertainDelivered + uncertainNotDelivered + deadLettered + missed !== N) throw new Error('accounting does not add up');

  const wruTotal = wru.claim + wru.markAttempt + wru.markSent + wru.release;
  const rruTotal = rru.readerChecks + rru.ledgerGetAfterFailedClaim + rru.fanOutGsi;
  const workerGb = INFRA.workerMemoryMb / 1024;
  const gbSeconds = {
    worker: ((lambda.workerBilledMs + lambda.initBilledMs) / 1000) * workerGb,
    fanOut: (lambda.fanOutBilledMs / 1000) * (INFRA.buildIssueMemoryMb / 1024),
  };
  const invocations = lambda.invocations + 1; // + the build-issue invocation that fans out
  const sqsTotal = sqs.sendMessageBatch + sqs.receiveMessage + sqs.emptyReceive + sqs.deleteMessageBatch;
  const cost = {
    ses: (ses.accepted / 1000) * PRICES.sesPer1000,
    lambda: (gbSeconds.worker + gbSeconds.fanOut) * PRICES.lambdaArmPerGbSecond + (invocations / 1e6) * PRICES.lambdaPerMillionRequests,
    dynamoDb: (wruTotal / 1e6) * PRICES.dynamoPerMillionWru + (rruTotal / 1e6) * PRICES.dynamoPerMillionRru,
    sqs: (sqsTotal / 1e6) * PRICES.sqsPerMillionRequests,
    s3: (s3Gets / 1000) * PRICES.s3GetPer1000,
    total: 0,
  };
  cost.total = cost.ses + cost.lambda + cost.dynamoDb + cost.sqs + cost.s3;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    scenario: sc.name,
    readers: N,
    sesRatePerSecond: sc.sesRate,
    reservedConcurrency: sc.concurrency,
    concurrencyDerivedByInfra: sc.concurrency === derivedConcurrency(sc.sesRate),
    sesLatencyMs: lat.sesSendRaw,
    simulatedSeconds: Math.round(finishMs / 1000),
    simulatedHours: r2(finishMs / 3_600_000),
    fanOutSeconds: r2(lambda.fanOutBilledMs / 1000),
    fanOutWithinBuildIssueTimeout: lambda.fanOutBilledMs < INFRA.buildIssueTimeoutMs,
    messagesPerSecond: r2(ses.accepted / (finishMs / 1000)),
    outcome: { sentOnce, duplicates, uncertainDelivered, uncertainNotDelivered, deadLettered, missed },
    workerReports: reported,
    ses,
    dynamoDb: { writeRequestUnits: wruTotal, wru, readRequestUnits: rruTotal, rru: Object.fromEntries(Object.entries(rru).map(([k, v]) => [k, r2(v)])), fanOutWriteRequestUnits: 0 },
    lambda: { invocations, workerInvocations: lambda.invocations, coldStarts: lambda.coldStarts, timeouts: lambda.timeouts, recordsReturnedToQueue: lambda.recordsFailed, maxInvocationSeconds: r2(lambda.maxInvocationMs / 1000), gbSeconds: r2(gbSeconds.worker + gbSeconds.fanOut), gbSecondsWorker: r2(gbSeconds.worker), gbSecondsFanOut: r2(gbSeconds.fanOut) },
    sqs: { requests: sqsTotal, ...sqs },
    s3Gets,
    costUsd: Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, Math.round(v * 10000) / 10000])),
  };
}

// ---------------------------------------------------------------------------------------------
const SES_RATES = [14, 100, 1000];
const scenarios: Scenario[] = [];
for (const rate of SES_RATES) {
  const cs = [...new Set([derivedConcurrency(rate), 10, 50, 100])].sort((a, b) => a - b);
  for (const c of cs) scenarios.push({ name: `1M ses=${rate}/s C=${c}${c === derivedConcurrency(rate) ? ' (infra)' : ''}`, readers: 1_000_000, sesRate: rate, concurrency: c });
}
for (const readers of [10_000, 100_000]) for (const rate of SES_RATES) scenarios.push({ name: `${readers / 1000}k ses=${rate}/s C=${derivedConcurrency(rate)} (infra)`, readers, sesRate: rate, concurrency: derivedConcurrency(rate) });
scenarios.push({ name: `1M ses=100/s C=10 (infra), SES call 120 ms`, readers: 1_000_000, sesRate: 100, concurrency: derivedConcurrency(100), sesLatencyMs: 120 });

const results = [];
for (const sc of scenarios) {
  const s0 = performance.now();
  const r = simulate(sc);
  results.push({ ...r, simulationWallSeconds: Math.round((performance.now() - s0) / 100) / 10 });
}

const fmtDuration = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s} s`);
const out = {
  benchmark: 'fanout',
  method:
    'deterministic discrete-event simulation (simulated time, seeded PRNG) of fan-out + SQS + send-worker Lambda + SES for one issue; the worker steps, ledger rules (claimOutcome), token bucket and backoff are the real functions or mirror send-batch.ts; batch sizes, timeouts, memory and reserved-concurrency formula are read from the sources; per-message CPU measured here by timing messageFor(); service latencies assumed',
  fromCode: { ...CODE, workerTokenBucket: { ratePerSecond: INFRA.perWorkerRate, burst: workerBurst } },
  fromInfra: INFRA,
  measured: {
    cpuMsPerMessageHere: Math.round(cpuMsPerMessageMeasured * 1000) / 1000,
    cpuFiguresUsed: pinned ? `pinned with --cpu-ms ${pinned.join(',')}` : 'measured',
    reproduceWith: `node bin/run-ts.mjs bench/fanout.bench.ts --cpu-ms ${cpuMsPerMessageHere},${cpuMsIssueParseHere}`,
    cpuMsPerMessageOnLambda: Math.round(cpuMsPerMessage * 1000) / 1000,
    cpuScaleForWorkerMemory: Math.round(cpuScale * 100) / 100,
    cpuMsIssueParseOnLambda: Math.round(cpuMsIssueParse * 1000) / 1000,
    mimeBytesPerMessage: Math.round(rawBytes / CPU_SAMPLES),
    issueJsonBytes: Buffer.byteLength(issueJson),
    samples: CPU_SAMPLES,
  },
  sizes: { ledgerItemBytes, gsiItemBytes, profileItemBytes, sqsBatchBodyBytes: batchBodyBytes, wruPerLedgerWrite: wruPerWrite, rruPerReaderCheck },
  assumed: ASSUMED,
  prices: PRICES,
  scenarios: results,
  wallSeconds: 0,
  machine: machineInfo(),
};
out.wallSeconds = Math.round((performance.now() - wallStart) / 100) / 10;
writeFileSync(path.join(here, 'results', 'fanout.json'), JSON.stringify(out, null, 2) + '\n');

console.log(`per-message CPU (messageFor): ${out.measured.cpuMsPerMessageHere} ms measured here${pinned ? `, ${cpuMsPerMessageHere} ms pinned` : ''}, ~${out.measured.cpuMsPerMessageOnLambda} ms on a ${INFRA.workerMemoryMb} MB worker (x${out.measured.cpuScaleForWorkerMemory}); ${out.measured.mimeBytesPerMessage} bytes of MIME`);
const rows = results.map((r) => ({
  scenario: r.scenario,
  time: fmtDuration(r.simulatedSeconds),
  'msg/s': r.messagesPerSecond,
  sent: r.outcome.sentOnce,
  'uncert.': r.outcome.uncertainDelivered + r.outcome.uncertainNotDelivered,
  DLQ: r.outcome.deadLettered,
  missed: r.outcome.missed,
  WRU: r.dynamoDb.writeRequestUnits,
  RRU: Math.round(r.dynamoDb.readRequestUnits),
  invocations: r.lambda.invocations,
  'GB-s': Math.round(r.lambda.gbSeconds),
  'SQS req': r.sqs.requests,
  'cost $': r.costUsd.total,
}));
console.table(rows);
console.log(`results in bench/results/fanout.json (${out.wallSeconds} s)`);
