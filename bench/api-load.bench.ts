/**
 * API load: `npm start` itself (dynalite and the SES emulator in their own processes, the
 * API with its outbox worker) on free ports, and 50 concurrent clients, each bound to its own
 * loopback address (127.0.0.2 to 127.0.0.51, so the per-network limit sees 50 networks),
 * subscribing distinct addresses. Reports requests/s and latency percentiles, every status,
 * the same run's plain `GET /` rate as the machine's ceiling, and how long after the burst
 * the last confirmation mail reached the SES emulator. Writes bench/results/api-load.json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../test/support/free-port.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const CLIENTS = 50;
const PER_CLIENT = 25; // under the per-network limit of 30 an hour

const [api, preview, ses, dynamo] = await freePorts(4);
const stack = spawn(process.execPath, [path.join(root, 'bin/newsletter.mjs'), 'start'], {
  cwd: root,
  env: { ...process.env, NEWSLETTER_API_PORT: String(api), NEWSLETTER_PREVIEW_PORT: String(preview), NEWSLETTER_SES_PORT: String(ses), NEWSLETTER_DYNAMO_PORT: String(dynamo), NEWSLETTER_DATA: mkdtempSync(path.join(os.tmpdir(), 'api-load-')) },
  stdio: ['ignore', 'pipe', 'pipe'],
});
await new Promise<void>((resolve, reject) => {
  let out = '';
  stack.stdout.on('data', (d) => {
    out += d;
    if (out.includes('Ctrl-C stops everything')) resolve();
  });
  stack.once('exit', (c) => reject(new Error(`stack exited ${c}: ${out}`)));
});

const agentFor = new Map<number, http.Agent>();
function request(client: number, method: string, p: string, body?: string): Promise<{ status: number; ms: number }> {
  let agent = agentFor.get(client);
  if (!agent) agentFor.set(client, (agent = new http.Agent({ keepAlive: true, maxSockets: 1 })));
  const t = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: api, method, path: p, localAddress: `127.0.0.${client + 2}`, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - t }));
    req.end(body);
  });
}

async function load(label: string, make: (client: number, i: number) => [string, string, string?], opts: { clientOffset?: number; perClient?: number } = {}) {
  const results: { status: number; ms: number }[] = [];
  const t = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = 0; i < (opts.perClient ?? PER_CLIENT); i++) results.push(await request(c + (opts.clientOffset ?? 0), ...make(c, i)));
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => +ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))].toFixed(1);
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const row = { requests: results.length, seconds: +seconds.toFixed(2), requestsPerSecond: Math.round(results.length / seconds), p50Ms: pct(50), p95Ms: pct(95), p99Ms: pct(99), statuses };
  console.log(label, JSON.stringify(row));
  return row;
}

/** Confirmation mails the SES emulator has received so far. */
const mailsAtSes = async () => ((await (await fetch(`http://127.0.0.1:${ses}/store`)).json()) as { emails: unknown[] }).emails.length;
/** Waits (polling) until the SES emulator holds `n` mails; returns the seconds it took, or null after `maxSeconds`. */
async function mailsReach(n: number, maxSeconds: number): Promise<number | null> {
  const t = performance.now();
  while ((performance.now() - t) / 1000 < maxSeconds) {
    if ((await mailsAtSes()) >= n) return +((performance.now() - t) / 1000).toFixed(1);
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

// Warm-up of both paths (connections, JIT; subscribe from clients of other networks, 127.0.0.52
// and up, so the measured clients keep their hourly allowance); the warm-up's confirmation
// mails are delivered before the measurement starts. Then the ceiling and the subscribe load.
await load('warm-up', () => ['GET', '/']);
const coldSubscribe = await load('warm-up subscribe', (c, i) => ['POST', '/subscribe', JSON.stringify({ email: `warm-${c}-${i}@example.com`, themes: ['junior-partner'] })], { clientOffset: CLIENTS, perClient: 10 });
const warmMails = CLIENTS * 10;
const warmDrainSeconds = await mailsReach(warmMails, 120);
const ceiling = await load('GET /', () => ['GET', '/']);
const subscribe = await load('POST /subscribe', (c, i) => ['POST', '/subscribe', JSON.stringify({ email: `load-${c}-${i}@example.com`, themes: ['junior-partner'] })]);
// Every request's confirmation mail leaves through the outbox: how long after the burst.
const drainSeconds = await mailsReach(warmMails + subscribe.requests, 300);

stack.kill('SIGINT');
await new Promise((r) => stack.once('exit', r));
const result = {
  benchmark: 'api-load',
  method: `npm start on free ports; warm-up: GET / and ${CLIENTS * 10} subscribes from 127.0.0.${CLIENTS + 2}-${2 * CLIENTS + 1} (their mails delivered before measuring); ${CLIENTS} keep-alive clients on 127.0.0.2-${CLIENTS + 1}, ${PER_CLIENT} requests each, one at a time per client`,
  ceilingGetRoot: ceiling,
  subscribe,
  coldSubscribe: { ...coldSubscribe, note: `the warm-up: ${CLIENTS} other networks, 10 subscribes each, on a stack that has not served one yet (JIT, first connections to the database)` },
  confirmationMails: { all: drainSeconds !== null, secondsAfterTheBurst: drainSeconds, warmUpMails: warmMails, warmUpDrainSeconds: warmDrainSeconds, note: 'every subscribe request of the burst got its confirmation mail at the SES emulator, this long after the last answer' },
  goals: { subscribeAtLeast300PerSecond: subscribe.requestsPerSecond >= 300, p99Under200Ms: subscribe.p99Ms < 200, all202: subscribe.statuses['202'] === subscribe.requests },
  baselineBeforeThisChange: { requestsPerSecond: 31, p99Ms: 1990, note: 'issue #18: 50 clients, 2026-11-30, before the outbox' },
  baselinePreviousRun: { requestsPerSecond: '405-530', p99Ms: '159-235', note: 'bench/results/api-load.json of 2026-11-30 14:53 and the closing note: templates recompiled with MJML for every confirmation mail, the outbox read whole on every tick, no warm-up of the subscribe path' },
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results/api-load.json'), `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
