/**
 * Wires the sending services: locally the issue store in the data folder, the ledger in
 * dynalite, an in-process queue and the SES emulator; on AWS S3, DynamoDB, SQS and SES.
 * The corpus comes from the incremental index: in S3 on AWS, in the data folder locally (brought
 * up to date with the corpus folder first); a build loads the weeks its window reaches.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Theme } from '../domain/types.ts';
import { DynamoSendLedger } from '../adapters/dynamodb/dynamo-send-ledger.ts';
import { DynamoSubscriberStore } from '../adapters/dynamodb/dynamo-subscriber-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../adapters/dynamodb/table.ts';
import { FsIssueStore } from '../adapters/fs/fs-issue-store.ts';
import { FsEditorialStore } from '../adapters/fs/fs-editorial-store.ts';
import { FsArchiveStore } from '../adapters/fs/fs-archive-store.ts';
import { S3ArchiveStore } from '../adapters/s3/s3-archive-store.ts';
import { DynamoEditorialStore } from '../adapters/dynamodb/dynamo-editorial-store.ts';
import { DynamoEngagementStore } from '../adapters/dynamodb/dynamo-engagement-store.ts';
import { InProcessQueue } from '../adapters/memory/in-process-queue.ts';
import { S3IssueStore } from '../adapters/s3/s3-issue-store.ts';
import { S3Objects } from '../adapters/s3/s3-objects.ts';
import { SesMailer } from '../adapters/ses/ses-mailer.ts';
import { SqsQueue } from '../adapters/sqs/sqs-queue.ts';
import { S3IndexStore } from '../adapters/s3/s3-index-store.ts';
import { loadCorpusWindow } from '../services/load-corpus-window.ts';
import { ingestLocalCorpus } from './ingest-wiring.ts';
import type { SendBatchMessage, SendingDeps } from '../services/sending-deps.ts';

/**
 * Deps for the local stack or AWS, by config. (The send worker on AWS uses
 * wireSendWorkerDeps instead: no corpus, no queue client, a smaller bundle.)
 */
export function wireSendingDeps(config: Config, themes: Theme[]): SendingDeps {
  const table = openTable(config);
  const onAws = config.runningOnAws && config.aws.issuesBucket && config.aws.sendQueueUrl;
  return {
    issues: onAws ? new S3IssueStore(config.aws.issuesBucket!, config.aws.region, config.aws.s3Endpoint) : new FsIssueStore(path.join(config.dataDir, 'issues')),
    ledger: new DynamoSendLedger(table),
    queue: onAws ? new SqsQueue<SendBatchMessage>(config.aws.sendQueueUrl!, config.aws.deadLetterQueueUrl, config.aws.region) : new InProcessQueue<SendBatchMessage>(),
    subscribers: new DynamoSubscriberStore(table),
    suppression: new DynamoSuppressionList(table),
    engagement: new DynamoEngagementStore(table),
    mailer: new SesMailer(config),
    archive: config.runningOnAws ? (config.aws.archiveBucket ? new S3ArchiveStore(new S3Objects(config), config.aws.archiveBucket) : undefined) : new FsArchiveStore(path.join(config.dataDir, 'archive')),
    editorial: config.runningOnAws ? new DynamoEditorialStore(table) : new FsEditorialStore(path.join(config.dataDir, 'editorial')),
    clock: config.clock,
    config,
    themes,
    corpus: async (since) => {
      if (config.aws.corpusBucket) {
        return { corpus: await loadCorpusWindow(new S3IndexStore(new S3Objects(config), config.aws.corpusBucket, config.aws.indexPrefix), since ?? null) };
      }
      return { corpus: await ingestLocalCorpus(config, since ?? null) };
    },
  };
}
