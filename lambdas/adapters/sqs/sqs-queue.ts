/** Queue on SQS: JSON bodies; the redrive policy on the queue moves repeated failures to the DLQ, and redrive moves them back. */
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient, ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { Queue, QueueMessage } from '../../ports/queue.ts';

export class SqsQueue<T> implements Queue<T> {
  private readonly client: SQSClient;

  constructor(private readonly url: string, private readonly dlqUrl: string | null, region: string) {
    this.client = new SQSClient({ region });
  }

  async send(body: T): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(body) }));
  }

  async sendLater(body: T, delayMs: number): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(body), DelaySeconds: Math.min(900, Math.ceil(delayMs / 1000)) }));
  }

  async deadLetter(body: T, reason: string): Promise<void> {
    if (!this.dlqUrl) throw new Error(`no dead-letter queue configured (${reason})`);
    await this.client.send(new SendMessageCommand({ QueueUrl: this.dlqUrl, MessageBody: JSON.stringify(body), MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 256) } } }));
  }

  async sendMany(bodies: T[]): Promise<void> {
    for (let i = 0; i < bodies.length; i += 10) {
      await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.url, Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: JSON.stringify(b) })) }));
    }
  }

  async receive(max: number, visibilityTimeoutMs?: number): Promise<QueueMessage<T>[]> {
    const r = await this.client.send(new ReceiveMessageCommand({ QueueUrl: this.url, MaxNumberOfMessages: Math.min(10, max), VisibilityTimeout: visibilityTimeoutMs ? Math.ceil(visibilityTimeoutMs / 1000) : undefined, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    return (r.Messages ?? []).map((m) => ({ id: m.MessageId!, body: JSON.parse(m.Body!) as T, receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1), receiptHandle: m.ReceiptHandle! }));
  }

  async ack(message: QueueMessage<T>): Promise<void> {
    await this.client.send(new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: message.receiptHandle }));
  }

  async nack(message: QueueMessage<T>): Promise<void> {
    await this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.url, ReceiptHandle: message.receiptHandle, VisibilityTimeout: 0 }));
  }

  async deadLetters(): Promise<{ body: T; reason: string }[]> {
    if (!this.dlqUrl) return [];
    const r = await this.client.send(new ReceiveMessageCommand({ QueueUrl: this.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    return (r.Messages ?? []).map((m) => ({ body: JSON.parse(m.Body!) as T, reason: 'moved by the SQS redrive policy' }));
  }

  async redrive(filter: (body: T) => boolean = () => true): Promise<number> {
    if (!this.dlqUrl) return 0;
    let moved = 0;
    for (;;) {
      const r = await this.client.send(new ReceiveMessageCommand({ QueueUrl: this.dlqUrl, MaxNumberOfMessages: 10 }));
      if (!r.Messages?.length) return moved;
      for (const m of r.Messages) {
        const body = JSON.parse(m.Body!) as T;
        if (!filter(body)) continue;
        await this.send(body);
        await this.client.send(new DeleteMessageCommand({ QueueUrl: this.dlqUrl, ReceiptHandle: m.ReceiptHandle! }));
        moved++;
      }
    }
  }
}
