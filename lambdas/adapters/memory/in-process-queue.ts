/**
 * In-process Queue for the local stack and tests, with SQS's semantics: a received message
 * is invisible until acked or its visibility timeout passes; after `maxReceives` failed
 * deliveries it moves to the dead-letter queue with its reason; dead letters can be redriven.
 */
import { randomUUID } from 'node:crypto';
import type { Queue, QueueMessage } from '../../ports/queue.ts';

interface Held<T> {
  id: string;
  body: T;
  receiveCount: number;
  visibleAt: number;
  lastReason?: string;
}

export class InProcessQueue<T> implements Queue<T> {
  private readonly messages: Held<T>[] = [];
  private readonly dead: { body: T; reason: string }[] = [];

  constructor(private readonly opts: { maxReceives?: number; visibilityTimeoutMs?: number; now?: () => number } = {}) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  async send(body: T): Promise<void> {
    this.messages.push({ id: randomUUID(), body, receiveCount: 0, visibleAt: 0 });
  }

  async sendLater(body: T, delayMs: number): Promise<void> {
    this.messages.push({ id: randomUUID(), body, receiveCount: 0, visibleAt: this.now() + delayMs });
  }

  async deadLetter(body: T, reason: string): Promise<void> {
    this.dead.push({ body, reason });
  }

  async sendMany(bodies: T[]): Promise<void> {
    for (const b of bodies) await this.send(b);
  }

  async receive(max: number, visibilityTimeoutMs = this.opts.visibilityTimeoutMs ?? 30_000): Promise<QueueMessage<T>[]> {
    const now = this.now();
    const out: QueueMessage<T>[] = [];
    for (const m of this.messages) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      if (m.receiveCount >= (this.opts.maxReceives ?? 3)) {
        this.toDead(m, m.lastReason ?? 'visibility timeout expired too many times');
        continue;
      }
      m.receiveCount++;
      m.visibleAt = now + visibilityTimeoutMs;
      out.push({ id: m.id, body: m.body, receiveCount: m.receiveCount, receiptHandle: `${m.id}:${m.receiveCount}` });
    }
    return out;
  }

  private toDead(m: Held<T>, reason: string): void {
    const i = this.messages.indexOf(m);
    if (i >= 0) this.messages.splice(i, 1);
    this.dead.push({ body: m.body, reason });
  }

  async ack(message: QueueMessage<T>): Promise<void> {
    const i = this.messages.findIndex((m) => m.id === message.id);
    if (i >= 0) this.messages.splice(i, 1);
  }

  async nack(message: QueueMessage<T>, reason: string): Promise<void> {
    const m = this.messages.find((x) => x.id === message.id);
    if (!m) return;
    m.lastReason = reason;
    if (m.receiveCount >= (this.opts.maxReceives ?? 3)) this.toDead(m, reason);
    else m.visibleAt = 0;
  }

  async deadLetters(): Promise<{ body: T; reason: string }[]> {
    return [...this.dead];
  }

  async redrive(filter: (body: T) => boolean = () => true): Promise<number> {
    const moving = this.dead.filter((d) => filter(d.body));
    for (const d of moving) {
      this.dead.splice(this.dead.indexOf(d), 1);
      await this.send(d.body);
    }
    return moving.length;
  }

  /** Messages waiting or in flight. */
  get size(): number {
    return this.messages.length;
  }
}
