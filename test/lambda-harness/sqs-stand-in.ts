/**
 * A small SQS for the Lambda harness: an HTTP server speaking the SQS JSON protocol the AWS
 * SDK v3 uses (SendMessage, SendMessageBatch, ReceiveMessage, DeleteMessage,
 * ChangeMessageVisibility, GetQueueAttributes), and the Lambda event source mapping that
 * hands messages to a consuming function as Lambda would: batches of the mapping's size,
 * messages hidden for the queue's visibility timeout while a batch runs, partial batch
 * responses honoured (only the failed items come back), a batch that throws or whose
 * process dies comes back whole, and a message received more than `maxReceiveCount` times
 * moves to the dead-letter queue. Every figure comes from the template. Time is simulated:
 * `drain` moves the clock to the next message's visibility instead of sleeping, and the
 * functions' clocks move with it (see `skew`), so leases lapse as they would have.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface QueueSpec {
  logicalId: string;
  name: string;
  visibilityTimeoutSeconds: number;
  /** The dead-letter queue's logical id and the receive count that sends a message there. */
  redrive?: { deadLetterLogicalId: string; maxReceiveCount: number };
}

interface Message {
  id: string;
  body: string;
  attributes: Record<string, unknown>;
  receiveCount: number;
  sentAt: number;
  firstReceivedAt?: number;
  visibleAt: number;
  receiptHandle: string | null;
}

interface Queue extends QueueSpec {
  url: string;
  arn: string;
  messages: Message[];
}

/** What a consuming function did with one batch. */
export type BatchOutcome = { ok: true; result: unknown } | { ok: false; error: string };

export interface Mapping {
  queueLogicalId: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  /** Concurrent batches (the function's reserved concurrency, as Lambda scales pollers). */
  concurrency: number;
  invoke: (event: unknown) => Promise<BatchOutcome>;
}

/** One delivery, for the harness's report. */
export interface Delivery {
  queue: string;
  messages: number;
  redelivered: number;
  outcome: 'ok' | 'partial' | 'failed';
  /** Real milliseconds the invocation took. */
  ms: number;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export class SqsStandIn {
  private readonly queues = new Map<string, Queue>();
  private server: http.Server | null = null;
  /** How far the simulated clock runs ahead of the real one (ms): the visibility timeouts that passed. */
  skew = 0;
  endpoint = '';
  readonly deliveries: Delivery[] = [];
  readonly deadLettered: { queue: string; body: string }[] = [];

  constructor(private readonly region = 'eu-west-2', private readonly account = '000000000000') {}

  /** The simulated time (ms): real time plus the waits skipped. */
  now(): number {
    return Date.now() + this.skew;
  }

  async start(specs: QueueSpec[]): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    for (const s of specs) this.queues.set(s.logicalId, { ...s, url: `${this.endpoint}/${this.account}/${s.name}`, arn: `arn:aws:sqs:${this.region}:${this.account}:${s.name}`, messages: [] });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  url(logicalId: string): string {
    return this.queue(logicalId).url;
  }

  arn(logicalId: string): string {
    return this.queue(logicalId).arn;
  }

  /** Messages held (visible or not) by a queue. */
  depth(logicalId: string): number {
    return this.queue(logicalId).messages.length;
  }

  private queue(logicalId: string): Queue {
    const q = this.queues.get(logicalId);
    if (!q) throw new Error(`no queue ${logicalId}`);
    return q;
  }

  private byUrl(url: unknown): Queue | undefined {
    return [...this.queues.values()].find((q) => q.url === url || q.name === String(url).split('/').pop());
  }

  private enqueue(q: Queue, body: string, attributes: Record<string, unknown> = {}, delaySeconds = 0): Message {
    const m: Message = { id: randomUUID(), body, attributes, receiveCount: 0, sentAt: this.now(), visibleAt: this.now() + delaySeconds * 1000, receiptHandle: null };
    q.messages.push(m);
    return m;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
    const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>) : {};
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    const q = this.byUrl(input.QueueUrl);
    if (!q) return reply(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: `no queue ${input.QueueUrl}` });
    switch (target) {
      case 'SendMessage': {
        const m = this.enqueue(q, input.MessageBody, input.MessageAttributes ?? {}, input.DelaySeconds ?? 0);
        return reply(200, { MessageId: m.id, MD5OfMessageBody: md5(m.body) });
      }
      case 'SendMessageBatch': {
        const ok = (input.Entries as { Id: string; MessageBody: string; DelaySeconds?: number }[]).map((e) => ({ Id: e.Id, MessageId: this.enqueue(q, e.MessageBody, {}, e.DelaySeconds ?? 0).id, MD5OfMessageBody: md5(e.MessageBody) }));
        return reply(200, { Successful: ok, Failed: [] });
      }
      case 'ReceiveMessage': {
        const taken = this.take(q, Math.min(10, input.MaxNumberOfMessages ?? 1), input.VisibilityTimeout);
        return reply(200, { Messages: taken.map((m) => ({ MessageId: m.id, ReceiptHandle: m.receiptHandle, Body: m.body, MD5OfBody: md5(m.body), Attributes: { ApproximateReceiveCount: String(m.receiveCount) } })) });
      }
      case 'DeleteMessage':
        q.messages = q.messages.filter((m) => m.receiptHandle !== input.ReceiptHandle);
        return reply(200, {});
      case 'ChangeMessageVisibility': {
        const m = q.messages.find((x) => x.receiptHandle === input.ReceiptHandle);
        if (m) m.visibleAt = this.now() + Number(input.VisibilityTimeout ?? 0) * 1000;
        return reply(200, {});
      }
      case 'GetQueueAttributes':
        return reply(200, { Attributes: { ApproximateNumberOfMessages: String(q.messages.length), QueueArn: q.arn } });
      default:
        return reply(400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `the stand-in does not do ${target}` });
    }
  }

  /**
   * Takes up to `max` visible messages, hiding them for the visibility timeout. A message
   * received more often than the redrive policy allows goes to the dead-letter queue instead.
   */
  private take(q: Queue, max: number, visibilitySeconds = q.visibilityTimeoutSeconds): Message[] {
    const out: Message[] = [];
    for (const m of [...q.messages]) {
      if (out.length >= max) break;
      if (m.visibleAt > this.now()) continue;
      if (q.redrive && m.receiveCount >= q.redrive.maxReceiveCount) {
        q.messages = q.messages.filter((x) => x !== m);
        const dlq = this.queue(q.redrive.deadLetterLogicalId);
        this.enqueue(dlq, m.body, m.attributes);
        this.deadLettered.push({ queue: q.logicalId, body: m.body });
        continue;
      }
      m.receiveCount++;
      m.firstReceivedAt ??= this.now();
      m.visibleAt = this.now() + visibilitySeconds * 1000;
      m.receiptHandle = randomUUID();
      out.push(m);
    }
    return out;
  }

  /** The event Lambda's SQS poller passes to the function. */
  private event(q: Queue, batch: Message[]) {
    return {
      Records: batch.map((m) => ({
        messageId: m.id,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt), SenderId: 'AIDAHARNESS', ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt) },
        messageAttributes: {},
        md5OfBody: md5(m.body),
        eventSource: 'aws:sqs',
        eventSourceARN: q.arn,
        awsRegion: this.region,
      })),
    };
  }

  /** Runs one batch through the mapping's function and settles its messages. */
  private async deliver(mapping: Mapping, q: Queue, batch: Message[]): Promise<void> {
    const started = performance.now();
    const outcome = await mapping.invoke(this.event(q, batch));
    const ms = Math.round(performance.now() - started);
    const redelivered = batch.filter((m) => m.receiveCount > 1).length;
    if (!outcome.ok) {
      this.deliveries.push({ queue: q.logicalId, messages: batch.length, redelivered, outcome: 'failed', ms });
      return; // every message comes back after its visibility timeout
    }
    const failed = new Set<string>();
    const result = outcome.result as { batchItemFailures?: { itemIdentifier: string }[] } | null;
    if (mapping.reportBatchItemFailures && result?.batchItemFailures) for (const f of result.batchItemFailures) failed.add(f.itemIdentifier);
    const done = new Set(batch.filter((m) => !failed.has(m.id)));
    q.messages = q.messages.filter((m) => !done.has(m));
    this.deliveries.push({ queue: q.logicalId, messages: batch.length, redelivered, outcome: failed.size ? 'partial' : 'ok', ms });
  }

  /**
   * Delivers until the queue is empty, as the event source mapping would: up to `concurrency`
   * batches at once; when only hidden messages remain, the clock moves to the first one's
   * visibility (the visibility timeout passes). Stops after `maxRounds` (a poison message
   * ends in the dead-letter queue well before).
   */
  async drain(mapping: Mapping, maxRounds = 200): Promise<void> {
    const q = this.queue(mapping.queueLogicalId);
    for (let round = 0; round < maxRounds && q.messages.length; round++) {
      const batches: Message[][] = [];
      for (let i = 0; i < mapping.concurrency; i++) {
        const batch = this.take(q, mapping.batchSize);
        if (batch.length) batches.push(batch);
      }
      if (batches.length) {
        await Promise.all(batches.map((b) => this.deliver(mapping, q, b)));
        continue;
      }
      if (!q.messages.length) break;
      this.skew += Math.max(0, Math.min(...q.messages.map((m) => m.visibleAt)) - this.now());
    }
  }
}
