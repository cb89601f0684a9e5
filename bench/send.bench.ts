/**
 * Send benchmark: 10,000 subscribers through the local stack (dynalite for subscribers and
 * the ledger, its own SES emulator instance, the in-process queue, the real SES client),
 * with the process "crashing" mid-run right after SES accepted a message, then an immediate
 * resume (held claims reported with their lapse time) and one after the leases lapse.
 * Reports duplicates, missed and uncertain against the SES emulator's record of what it
 * accepted; then a clean run of a new edition to everyone (the throughput figure); then a run
 * through a proxy that loses 1 reply in 50 (lost replies must all be uncertain, none resent);
 * then one with every fault mixed in (resets, 5xx after sending, lost replies, throttling
 * bursts, frozen requests);
 * and the per-reader message cost (template fill vs a full MailComposer build) in the same
 * run. Writes bench/results/send.json.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoSubscriberStore } from '../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { ensureTable, openTable } from '../lambdas/adapters/dynamodb/table.ts';
import { loadThemes } from '../lambdas/adapters/fs/themes-file.ts';
import { loadConfig } from '../lambdas/config.ts';
import { wireSendingDeps } from '../lambdas/handlers/sending-wiring.ts';
import { startServiceProcess } from '../lambdas/local/local-services.ts';
import type { Mailer, OutgoingMessage } from '../lambdas/ports/mailer.ts';
import { LEASE_MS } from '../lambdas/services/send-batch.ts';
import { sendIssue } from '../lambdas/services/send-issue.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const N = Number(process.argv[2] ?? 10_000);
const CRASH_AFTER = Math.floor(N / 2);

// dynalite and the SES emulator in processes of their own, as `npm start` runs them. The
// emulator parses every message as it arrives but keeps only its envelope, so its store is
// the record of what SES accepted (appended in order; each phase reads its own slice).
const dynamo = await startServiceProcess('dynalite');
const ses = await startServiceProcess('ses', { envelopesOnly: true });
const { startFaultProxy } = await import('../test/support/ses-fault-proxy.ts');
type Fault = Parameters<typeof startFaultProxy>[1] extends (n: number) => infer F ? F : never;
const acceptedSoFar = async (): Promise<string[]> => ((await (await fetch(ses.storeUrl)).json()) as { emails: { destination: { to: string[] } }[] }).emails.map((e) => e.destination.to[0] ?? '?');
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
// Resumed at once: the claims of the dead process are still live, so they are held.
const immediate = wireSendingDeps(config, themes);
immediate.clock = clock;
const immediateReport = await sendIssue(immediate, { themeId: 'junior-partner', workers: 4 });
clock.t += LEASE_MS + 1000;
const second = wireSendingDeps(config, themes);
second.clock = clock;
const t2 = performance.now();
const resumed = await sendIssue(second, { themeId: 'junior-partner', workers: 4 });
const secondSeconds = (performance.now() - t2) / 1000;

const acceptedMain = await acceptedSoFar();
const perReader = new Map<string, number>();
for (const to of acceptedMain) perReader.set(to, (perReader.get(to) ?? 0) + 1);
const duplicates = [...perReader.values()].filter((n) => n > 1).length;
// Uncertain readers are reported to the operator (attempted, never confirmed); "missed" counts
// readers who got nothing and were not reported.
const ledger = await second.ledger.list(resumed.issueId!);
const uncertainReaders = new Set(ledger.filter((e) => e.state === 'uncertain' || (e.state === 'claimed' && e.attemptedAt !== undefined)).map((e) => e.recipient));
const missed = Array.from({ length: N }, (_, i) => `reader${i}@example.com`).filter((r) => !perReader.has(r) && !uncertainReaders.has(r)).length;
const uncertainDelivered = [...uncertainReaders].filter((r) => perReader.has(r)).length;
// Lost replies: a second issue (a new edition) through a proxy that forwards every request
// but drops 1 reply in 50 after SES accepted the message.
// A clean run of a new edition to everyone: the throughput figure, with the CPU each process
// spent on it (Linux /proc), which says where the ceiling of this machine is.
const cpuMsOf = (pid: number | undefined): number | null => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
};
const clean = wireSendingDeps(config, themes);
clean.clock = clock;
const cpuBefore = { sender: process.cpuUsage(), dynalite: cpuMsOf(dynamo.pid), ses: cpuMsOf(ses.pid) };
const t4 = performance.now();
const cleanReport = await sendIssue(clean, { themeId: 'junior-partner', workers: 4, newEdition: true });
const cleanSeconds = (performance.now() - t4) / 1000;
const senderCpu = process.cpuUsage(cpuBefore.sender);
const perMessage = (before: number | null, after: number | null) => (before === null || after === null ? null : +((after - before) / cleanReport.sent).toFixed(2));
const cpuMsPerMessage = {
  sender: +((senderCpu.user + senderCpu.system) / 1000 / cleanReport.sent).toFixed(2),
  dynalite: perMessage(cpuBefore.dynalite, cpuMsOf(dynamo.pid)),
  sesEmulator: perMessage(cpuBefore.ses, cpuMsOf(ses.pid)),
};
const cpuTotal = cpuMsPerMessage.sender + (cpuMsPerMessage.dynalite ?? 0) + (cpuMsPerMessage.sesEmulator ?? 0);
const acceptedClean = (await acceptedSoFar()).slice(acceptedMain.length);
const cleanPerReader = new Map<string, number>();
for (const to of acceptedClean) cleanPerReader.set(to, (cleanPerReader.get(to) ?? 0) + 1);

const lossyProxy = await startFaultProxy(ses.endpoint, (n) => (n % 50 === 25 ? 'lost-reply' : 'pass'));
const lossyConfig = loadConfig({ ...Object.fromEntries(Object.entries({ NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: lossyProxy.endpoint, NEWSLETTER_TEMPLATES: path.join(root, 'templates'), NEWSLETTER_SES_RATE: '100000' })) }, { data: config.dataDir, corpus: config.corpusDir, themes: config.themesFile });
const lossy = wireSendingDeps(lossyConfig, themes);
lossy.clock = clock;
const t3 = performance.now();
const lossyReport = await sendIssue(lossy, { themeId: 'junior-partner', workers: 4, newEdition: true });
const lossySeconds = (performance.now() - t3) / 1000;
const lostReplies = lossyProxy.log.filter((x) => x === 'lost-reply').length;
const lossyPerReader = new Map<string, number>();
for (const to of lossyProxy.accepted) lossyPerReader.set(to, (lossyPerReader.get(to) ?? 0) + 1);
await lossyProxy.close();

// Every fault the network has, in one run of a new edition: resets before SES saw the
// request, 5xx after it took it, lost replies, throttling bursts and two frozen requests.
// The ones whose outcome is unknown must all be uncertain (never resent), the throttled
// ones retried and delivered, nobody twice, nobody missed.
const faultPlan = (n: number): Fault => (n === 700 || n === 4200 ? 'freeze' : n % 100 === 13 ? 'reset' : n % 100 === 37 ? '5xx-after' : n % 100 === 61 ? 'lost-reply' : n % 100 >= 80 && n % 100 < 85 ? 'throttle' : 'pass');
const faultProxy = await startFaultProxy(ses.endpoint, faultPlan);
const faultConfig = loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: faultProxy.endpoint, NEWSLETTER_TEMPLATES: path.join(root, 'templates'), NEWSLETTER_SES_RATE: '100000', NEWSLETTER_SES_REQUEST_TIMEOUT_MS: '2000' }, { data: config.dataDir, corpus: config.corpusDir, themes: config.themesFile });
const faulty = wireSendingDeps(faultConfig, themes);
faulty.clock = clock;
const t5 = performance.now();
const faultReport = await sendIssue(faulty, { themeId: 'junior-partner', workers: 4, newEdition: true });
const faultSeconds = (performance.now() - t5) / 1000;
const injected: Record<string, number> = {};
for (const f of faultProxy.log) injected[f] = (injected[f] ?? 0) + 1;
const faultPerReader = new Map<string, number>();
for (const to of faultProxy.accepted) faultPerReader.set(to, (faultPerReader.get(to) ?? 0) + 1);
const faultLedger = await faulty.ledger.list(faultReport.issueId!);
const faultUncertain = new Set(faultLedger.filter((e) => e.state === 'uncertain').map((e) => e.recipient));
await faultProxy.close();
const faults = {
  recipients: N,
  seconds: Math.round(faultSeconds * 10) / 10,
  injected,
  outcomeUnknown: (injected['lost-reply'] ?? 0) + (injected.reset ?? 0) + (injected['5xx-after'] ?? 0) + (injected.freeze ?? 0),
  reportedUncertain: faultReport.uncertain,
  duplicates: [...faultPerReader.values()].filter((n) => n > 1).length,
  delivered: faultPerReader.size,
  uncertainDelivered: [...faultUncertain].filter((r) => faultPerReader.has(r)).length,
  missed: Array.from({ length: N }, (_, i) => `reader${i}@example.com`).filter((r) => !faultPerReader.has(r) && !faultUncertain.has(r)).length,
  report: faultReport,
  note: 'outcomeUnknown = lost replies + resets + 5xx after sending + frozen requests: each must be reported uncertain and never resent; throttled requests are retried; missed = neither delivered nor reported',
};

// Per-reader message cost, same issue: the template fill vs a full MailComposer build.
const { messageFor } = await import('../lambdas/services/send-batch.ts');
const { compileIssueMessageTemplate } = await import('../lambdas/rendering/message-template.ts');
const issue = (await second.issues.get(resumed.issueId!))!;
const template = await compileIssueMessageTemplate(config.fromAddress, issue);
const rate = async (fn: (i: number) => Promise<unknown>) => {
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 2000) await fn(n++);
  return Math.round(n / ((performance.now() - t) / 1000));
};
const filledPerSecond = await rate((i) => messageFor(second, issue, `reader${i}@example.com`, template));
const composedPerSecond = await rate((i) => messageFor(second, issue, `reader${i}@example.com`));

const result = {
  benchmark: 'send',
  method: `${N} active subscribers in dynalite; SES emulator (aws-ses-v2-local); each in a process of its own as npm start runs them; in-process queue, 4 workers; crash injected after SES accepted message ${CRASH_AFTER}; resume after the lease (${LEASE_MS / 1000} s, simulated clock); then a new edition to all ${N} without faults (messagesPerSecond); the emulator keeps only envelopes (--envelopes-only) and is the record of what SES accepted`,
  seedSeconds: Math.round(seedSeconds * 10) / 10,
  crashed,
  firstRun: { seconds: Math.round(firstSeconds * 10) / 10, accepted: CRASH_AFTER },
  immediateResume: { report: immediateReport, note: 'run at once after the crash: the dead process\'s live claims are reported as held, with when they lapse' },
  resume: { seconds: Math.round(secondSeconds * 10) / 10, report: resumed },
  acceptedBySes: acceptedMain.length,
  duplicates,
  missed,
  uncertain: resumed.uncertain,
  uncertainThatSesHadAccepted: uncertainDelivered,
  inFlightAtCrash: `up to ${4 * config.sendConcurrency} (4 workers x ${config.sendConcurrency} concurrent sends)`,
  cleanRun: {
    recipients: N,
    seconds: Math.round(cleanSeconds * 10) / 10,
    sent: cleanReport.sent,
    delivered: cleanPerReader.size,
    duplicates: [...cleanPerReader.values()].filter((n) => n > 1).length,
    cpuMsPerMessage,
    ceilingOnTheseCores: { messagesPerSecond: Math.round((os.cpus().length * 1000) / cpuTotal), note: 'cores x 1000 / (CPU ms per message of the three processes): the rate at which this machine would be saturated' },
  },
  messagesPerSecond: Math.round(cleanReport.sent / cleanSeconds),
  messagesPerSecondFirstRun: Math.round(CRASH_AFTER / firstSeconds),
  baselineBeforeThisChange: { messagesPerSecond: 51, note: 'bench/results/send.json of 2026-11-24: sequential sends, six round trips per reader' },
  baselinePreviousRun: { messagesPerSecondFirstRun: '254-272', templateFillPerSecond: 8338, note: 'bench/results/send.json of 2026-11-30 14:33: SES v1 SendRawEmail (form-encoded), bodies base64-encoded per reader, a recording proxy in the sender process' },
  faults,
  lostReplies: { recipients: N, seconds: Math.round(lossySeconds * 10) / 10, lostReplies, reportedUncertain: lossyReport.uncertain, duplicates: [...lossyPerReader.values()].filter((n) => n > 1).length, delivered: lossyPerReader.size, report: lossyReport },
  perReaderMessage: { templateFillPerSecond: filledPerSecond, fullMailComposerPerSecond: composedPerSecond, htmlBytes: issue.html.length },
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'send.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify({ ...result, resume: { seconds: result.resume.seconds, sent: resumed.sent, alreadySent: resumed.alreadySent, uncertain: resumed.uncertain } }, null, 2));
await ses.stop();
await dynamo.stop();
process.exit(0);
