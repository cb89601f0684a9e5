/**
 * Lambda entry point of the send queue (SQS), on Powertools for AWS Lambda: the batch
 * processor reports partial batch failures (a record that throws comes back alone); within a
 * record, only the recipients that could not go yet are sent back as a smaller message. Logs
 * are structured with the issue id as correlation id; sent, uncertain, throttled and held
 * counts go out as CloudWatch metrics (EMF), which the operator alarms watch.
 */
import { randomUUID } from 'node:crypto';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { lambdaConfig } from './lambda-config.ts';
import { retryRecipients } from '../services/retry-recipients.ts';
import { sendBatch } from '../services/send-batch.ts';
import type { SendBatchMessage, SendingDeps } from '../services/sending-deps.ts';
import { wireSendWorkerDeps } from './send-worker-wiring.ts';

/** Namespace of the send metrics (the monitoring construct alarms on it). */
export const SEND_METRICS_NAMESPACE = 'Newsletter/Send';

const processor = new BatchProcessor(EventType.SQS);
const logger = new Logger({ serviceName: 'newsletter-send-worker' });
const metrics = new Metrics({ namespace: SEND_METRICS_NAMESPACE, serviceName: 'send-worker' });
let deps: SendingDeps | null = null;

interface SqsRecord {
  messageId: string;
  body: string;
}

async function record(r: SqsRecord): Promise<void> {
  const message = JSON.parse(r.body) as SendBatchMessage;
  logger.appendKeys({ correlation_id: message.issueId, issueId: message.issueId });
  const report = await sendBatch(deps!, message, `lambda-${randomUUID()}`);
  for (const [name, value] of [['sent', report.sent], ['uncertain', report.uncertain], ['throttled', report.throttled], ['held', report.held], ['failed', report.failed]] as const) metrics.addMetric(name, MetricUnit.Count, value);
  logger.info('batch sent', { sent: report.sent, alreadySent: report.alreadySent, suppressed: report.suppressed, failed: report.failed, uncertain: report.uncertain, held: report.held, retryLater: report.retryLater.length });
  if (report.retryLater.length) {
    const outcome = await retryRecipients(deps!.queue, message, report.retryLater, 'throttled or SES unreachable');
    logger.warn('recipients sent back for a retry', { count: report.retryLater.length, outcome, retry: (message.retry ?? 0) + 1 });
  }
}

export async function handler(event: { Records: SqsRecord[] }, context: unknown): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  deps ??= wireSendWorkerDeps(await lambdaConfig());
  try {
    return await processPartialResponse(event as never, record as never, processor, { context: context as never });
  } finally {
    metrics.publishStoredMetrics();
  }
}
