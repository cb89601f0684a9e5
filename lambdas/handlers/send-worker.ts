/** Lambda entry point of the send queue (SQS): one sendBatch per record, partial batch failures reported so only unfinished batches come back. */
import { randomUUID } from 'node:crypto';
import { lambdaConfig } from './lambda-config.ts';
import { sendBatch } from '../services/send-batch.ts';
import type { SendBatchMessage } from '../services/sending-deps.ts';
import { wireSendWorkerDeps } from './send-worker-wiring.ts';

interface SqsEvent {
  Records: { messageId: string; body: string }[];
}

export async function handler(event: SqsEvent): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const config = await lambdaConfig();
  const deps = wireSendWorkerDeps(config);
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as SendBatchMessage;
      const r = await sendBatch(deps, message, `lambda-${randomUUID()}`);
      console.log(JSON.stringify({ level: 'info', event: 'batch_sent', issueId: message.issueId, sent: r.sent, alreadySent: r.alreadySent, suppressed: r.suppressed, failed: r.failed, uncertain: r.uncertain, retryLater: r.retryLater.length }));
      if (r.retryLater.length) failures.push({ itemIdentifier: record.messageId });
    } catch (err) {
      console.log(JSON.stringify({ level: 'error', event: 'batch_error', messageId: record.messageId, message: (err as Error).message }));
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}
