/**
 * Send benchmark: 10,000 subscribers through the local stack (dynalite for subscribers and
 * the ledger, its own SES emulator instance, the in-process queue), with the process
 * "crashing" mid-run right after SES accepted a message, then a resume after the leases
 * lapse. Reports throughput, duplicates, missed and uncertain, against the SES emulator's
 * record of what it accepted. Writes bench/results/send.json.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoSubscriberStore } from '../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { ensureTable, openTable } from '../lambdas/adapters/dynamodb/table.ts';
import { loadThemes } from '../lambdas/adapters/fs/themes-file.ts';
import { loadConfig } from '../lambdas/config.ts';
import { wireSendingDeps } from '../lambdas/handlers/sending-wiring.ts';
import { startDynalite, startSesEmulator } from '../lambdas/local/local-services.ts';
import type { Mailer, OutgoingMessage } from '../lambdas/ports/mailer.ts';
import { LEASE_MS } from '../lambdas/services/send-batch.ts';
import { sendIssue } from '../lambdas/services/send-issue.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const N = Number(process.argv[2] ?? 10_000);
const CRASH_AFTER = Math.floor(N / 2);

const dynamo = await startDynalite();
const ses = await startSesEmulator();
const config = loadConfig(
  { NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_TEMPLATES: path.join(root, 'templates'), NEWSLETTER_SES_RATE: '100000' },
  { data: mkdtempSync(path.join(os.tmpdir(), 'send-bench-')), corpus: path.join(root, 'corpus'), themes: path.join(root, 'themes.yaml') },
);
const table = openTable(config);
await ensureTable(table);
const store = new DynamoSubscriberStore(table);
const t0 = performance.now();
for (let i = 0; i < N; i += 50) await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, j) => store.setThemes(`reader${i + j}@example.com`, [{ themeId: 'junior-partner', status: 'active' }], new Date().toISOString())));
const seedSeconds = (performance.now() - t0) / 1000;
const themes = await loadThemes(config.themesFile);

/** Delivers until the crash, which happens right after SES accepted a message; after it the process is dead: nothing more reaches SES. */
class CrashingMailer implements Mailer {
  n = 0;
  dead = false;
  constructor(private readonly inner: Mailer) {}
  async send(m: OutgoingMessage) {
    if (this.dead) throw new Error('process is dead');
    const r = await this.inner.send(m);
    if (++this.n === CRASH_AFTER) {
      this.dead = true;
      throw new Error('crash injected after SES accepted the message');
    }
    return r;
  }
}

const clock = { t: Date.now(), now() { return new Date(this.t); } };
const first = wireSendingDeps(config, themes);
first.clock = clock;
first.mailer = new CrashingMailer(first.mailer);
const t1 = performance.now();
let crashed = false;
await sendIssue(first, { themeId: 'junior-partner', workers: 4 }).catch(() => (crashed = true));
const firstSeconds = (performance.now() - t1) / 1000;
clock.t += LEASE_MS + 1000;
const second = wireSendingDeps(config, themes);
second.clock = clock;
const t2 = performance.now();
const resumed = await sendIssue(second, { themeId: 'junior-partner', workers: 4 });
const secondSeconds = (performance.now() - t2) / 1000;

const store2 = (await (await fetch(`${ses.storeUrl}`)).json()) as { emails: { destination: { to: string[] } }[] };
const perReader = new Map<string, number>();
for (const e of store2.emails) for (const to of e.destination.to) perReader.set(to, (perReader.get(to) ?? 0) + 1);
const duplicates = [...perReader.values()].filter((n) => n > 1).length;
// Uncertain readers are reported to the operator (attempted, never confirmed); "missed" counts
// readers who got nothing and were not reported.
const ledger = await second.ledger.list(resumed.issueId!);
const uncertainReaders = new Set(ledger.filter((e) => e.state === 'claimed' && e.attemptedAt !== undefined).map((e) => e.recipient));
const missed = Array.from({ length: N }, (_, i) => `reader${i}@example.com`).filter((r) => !perReader.has(r) && !uncertainReaders.has(r)).length;
const uncertainDelivered = [...uncertainReaders].filter((r) => perReader.has(r)).length;
const result = {
  benchmark: 'send',
  method: `${N} active subscribers in dynalite; SES emulator (aws-ses-v2-local) in the same process; in-process queue, 4 workers; crash injected after SES accepted message ${CRASH_AFTER}; resume after the lease (${LEASE_MS / 1000} s, simulated clock)`,
  seedSeconds: Math.round(seedSeconds * 10) / 10,
  crashed,
  firstRun: { seconds: Math.round(firstSeconds * 10) / 10, accepted: CRASH_AFTER },
  resume: { seconds: Math.round(secondSeconds * 10) / 10, report: resumed },
  acceptedBySes: store2.emails.length,
  duplicates,
  missed,
  uncertain: resumed.uncertain,
  uncertainThatSesHadAccepted: uncertainDelivered,
  inFlightAtCrash: 'up to 4 (one per worker)',
  messagesPerSecond: Math.round(store2.emails.length / (firstSeconds + secondSeconds)),
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'send.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify({ ...result, resume: { seconds: result.resume.seconds, sent: resumed.sent, alreadySent: resumed.alreadySent, uncertain: resumed.uncertain } }, null, 2));
await ses.stop();
await dynamo.stop();
process.exit(0);
