/** A sending setup on memory adapters over the sample corpus, with a controllable clock and a mailer that can crash or throttle. */
import path from 'node:path';
import { FsCorpusReader } from '../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { InProcessQueue } from '../../lambdas/adapters/memory/in-process-queue.ts';
import { MemoryIssueStore } from '../../lambdas/adapters/memory/memory-issue-store.ts';
import { MemoryMailer } from '../../lambdas/adapters/memory/memory-mailer.ts';
import { MemorySendLedger } from '../../lambdas/adapters/memory/memory-send-ledger.ts';
import { MemorySubscriberStore } from '../../lambdas/adapters/memory/memory-subscriber-store.ts';
import { MemorySuppressionList } from '../../lambdas/adapters/memory/memory-suppression-list.ts';
import { loadConfig } from '../../lambdas/config.ts';
import type { Corpus } from '../../lambdas/domain/types.ts';
import type { Mailer, OutgoingMessage } from '../../lambdas/ports/mailer.ts';
import { ingestCorpus } from '../../lambdas/services/ingest-corpus.ts';
import type { SendBatchMessage, SendingDeps } from '../../lambdas/services/sending-deps.ts';

const ROOT = path.resolve(__dirname, '../..');
let corpus: Promise<Corpus> | null = null;

/** Thrown by the crashing mailer: stands for the process dying. */
export class Crash extends Error {}

/** A mailer that delivers, then crashes the process after `crashAfter` deliveries (SES accepted, mark never written). */
export class CrashingMailer implements Mailer {
  delivered = 0;
  constructor(readonly inner: MemoryMailer, private readonly crashAfter: number) {}
  async send(m: OutgoingMessage) {
    const r = await this.inner.send(m);
    if (++this.delivered >= this.crashAfter) throw new Crash('process died after SES accepted the message');
    return r;
  }
}

export interface Fixture {
  deps: SendingDeps;
  mailer: MemoryMailer;
  subscribers: MemorySubscriberStore;
  clock: { t: number; now(): Date };
  /** Fresh deps sharing the durable parts (issues, ledger, subscribers, suppression, mailer), as after a restart. */
  restart(mailer?: Mailer): SendingDeps;
}

export async function sendingFixture(readers: number, themeId = 'junior-partner'): Promise<Fixture> {
  const config = loadConfig({ NEWSLETTER_TEMPLATES: path.join(ROOT, 'templates'), NEWSLETTER_PUBLIC_URL: 'https://news.example.org', NEWSLETTER_SES_RATE: '100000' });
  const themes = await loadThemes(path.join(ROOT, 'themes.yaml'));
  corpus ??= ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
  const c = await corpus;
  // Monday 30 November, an hour before the Monday 07:00 (London) schedule: its upcoming issue is the 30th.
  const clock = { t: Date.parse('2026-11-30T06:00:00Z'), now() { return new Date(this.t); } };
  const subscribers = new MemorySubscriberStore();
  for (let i = 0; i < readers; i++) await subscribers.setThemes(`reader${String(i).padStart(4, '0')}@example.com`, [{ themeId, status: 'active' }], 'x');
  const mailer = new MemoryMailer();
  const durable = { issues: new MemoryIssueStore(), ledger: new MemorySendLedger(), subscribers, suppression: new MemorySuppressionList() };
  const make = (m: Mailer): SendingDeps => ({ ...durable, queue: new InProcessQueue<SendBatchMessage>(), mailer: m, clock, config, themes, corpus: async () => ({ corpus: c }), sleep: async () => undefined, random: () => 0.5 });
  return { deps: make(mailer), mailer, subscribers, clock, restart: (m = mailer) => make(m) };
}
