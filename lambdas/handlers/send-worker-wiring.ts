/**
 * Deps of the send worker Lambda: only what sendBatch touches (issues in S3, ledger,
 * subscribers and suppression in DynamoDB, SES) and the queue, to send back only the
 * recipients of a batch that must be retried. No corpus and no mjml in the bundle.
 */
import type { Config } from '../config.ts';
import { DynamoSendLedger } from '../adapters/dynamodb/dynamo-send-ledger.ts';
import { DynamoSubscriberStore } from '../adapters/dynamodb/dynamo-subscriber-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../adapters/dynamodb/table.ts';
import { S3IssueStore } from '../adapters/s3/s3-issue-store.ts';
import { SesMailer } from '../adapters/ses/ses-mailer.ts';
import { systemClock } from '../ports/clock.ts';
import { SqsQueue } from '../adapters/sqs/sqs-queue.ts';
import type { SendBatchMessage, SendingDeps } from '../services/sending-deps.ts';

const unused = (what: string) => () => {
  throw new Error(`the send worker has no ${what}`);
};

export function wireSendWorkerDeps(config: Config): SendingDeps {
  const table = openTable(config);
  if (!config.aws.issuesBucket) throw new Error('NEWSLETTER_ISSUES_BUCKET is not set');
  return {
    issues: new S3IssueStore(config.aws.issuesBucket, config.aws.region, config.aws.s3Endpoint),
    ledger: new DynamoSendLedger(table),
    queue: config.aws.sendQueueUrl ? new SqsQueue<SendBatchMessage>(config.aws.sendQueueUrl, config.aws.deadLetterQueueUrl, config.aws.region) : ({ send: unused('queue'), sendMany: unused('queue'), receive: unused('queue'), ack: unused('queue'), nack: unused('queue'), sendLater: unused('queue'), deadLetter: unused('queue'), deadLetters: unused('queue'), redrive: unused('queue') } as never),
    subscribers: new DynamoSubscriberStore(table),
    suppression: new DynamoSuppressionList(table),
    mailer: new SesMailer(config),
    clock: systemClock,
    config,
    themes: [],
    corpus: unused('corpus'),
  };
}
