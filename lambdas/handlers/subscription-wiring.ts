/** Wires the real adapters (DynamoDB table, SES mailer, system clock) into the subscription services' deps. */
import type { Config } from '../config.ts';
import type { Theme } from '../domain/types.ts';
import path from 'node:path';
import { DynamoOutbox } from '../adapters/dynamodb/dynamo-outbox.ts';
import { FsArchiveStore } from '../adapters/fs/fs-archive-store.ts';
import { DynamoRateLimiter } from '../adapters/dynamodb/dynamo-rate-limiter.ts';
import { DynamoSubscriberStore } from '../adapters/dynamodb/dynamo-subscriber-store.ts';
import { DynamoSuppressionList } from '../adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../adapters/dynamodb/table.ts';
import { SesMailer } from '../adapters/ses/ses-mailer.ts';
import { systemClock } from '../ports/clock.ts';
import type { SubscriptionDeps } from '../services/subscription-deps.ts';

/** Deps backed by DynamoDB and SES (dynalite and the SES emulator locally). */
export function wireSubscriptionDeps(config: Config, themes: Theme[]): SubscriptionDeps {
  const table = openTable(config);
  return {
    store: new DynamoSubscriberStore(table),
    suppression: new DynamoSuppressionList(table),
    limiter: new DynamoRateLimiter(table),
    outbox: new DynamoOutbox(table),
    ...(config.runningOnAws ? {} : { archive: new FsArchiveStore(path.join(config.dataDir, 'archive')) }),
    mailer: new SesMailer(config),
    clock: systemClock,
    themes,
    config,
  };
}
