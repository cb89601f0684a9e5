/**
 * The single DynamoDB table (see docs/data-model.md): the document client for the configured
 * endpoint (dynalite locally, DynamoDB on AWS) and `ensureTable` for the local stack.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config.ts';
import { ServiceUnavailableError } from '../../errors.ts';

export interface Table {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  name: string;
}

/** A client for the table named in the config. */
export function openTable(config: Pick<Config, 'aws'>): Table {
  const raw = new DynamoDBClient({
    region: config.aws.region,
    ...(config.aws.dynamoEndpoint ? { endpoint: config.aws.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
  return { raw, doc: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }), name: config.aws.tableName };
}

/** Creates the table with its GSI when it does not exist (local stack and tests). */
export async function ensureTable(table: Table): Promise<void> {
  try {
    await table.raw.send(new DescribeTableCommand({ TableName: table.name }));
    return;
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException) && (err as { name?: string }).name !== 'ResourceNotFoundException') throw unavailable(err);
  }
  await table.raw.send(
    new CreateTableCommand({
      TableName: table.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: 'gsi1', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } },
      ],
    }),
  );
  for (let i = 0; i < 50; i++) {
    const d = await table.raw.send(new DescribeTableCommand({ TableName: table.name }));
    if (d.Table?.TableStatus === 'ACTIVE' && (d.Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Translates a connection failure into a message that names the fix. */
export function unavailable(err: unknown): Error {
  const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String((err as Error).message))) {
    return new ServiceUnavailableError('the DynamoDB endpoint', 'start the local stack with npm start (or set NEWSLETTER_DYNAMO_ENDPOINT)');
  }
  return err as Error;
}
