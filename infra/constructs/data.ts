/** Data: the single DynamoDB table, the corpus and issues buckets, and the token secret. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, type LifecycleRule } from 'aws-cdk-lib/aws-s3';

/** How long an article stays in the corpus bucket unless the stack says otherwise. */
export const DEFAULT_CORPUS_RETENTION_DAYS = 180;
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class DataConstruct extends Construct {
  readonly table: Table;
  readonly corpusBucket: Bucket;
  readonly issuesBucket: Bucket;
  readonly tokenSecret: Secret;

  constructor(scope: Construct, id: string, props: { stage: string; corpusRetentionDays?: number }) {
    super(scope, id);
    const retentionDays = props.corpusRetentionDays ?? DEFAULT_CORPUS_RETENTION_DAYS;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`corpusRetentionDays must be a whole number of days, got '${retentionDays}'`);
    const retain = props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: retain,
      // New subscribe requests (OUTBOX items) wake the outbox worker through the stream.
      stream: StreamViewType.KEYS_ONLY,
    });
    this.table.addGlobalSecondaryIndex({ indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: AttributeType.STRING }, sortKey: { name: 'gsi1sk', type: AttributeType.STRING } });
    const bucket = (name: string, lifecycleDays?: number, rules: LifecycleRule[] = []) =>
      new Bucket(this, name, {
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        removalPolicy: retain,
        autoDeleteObjects: retain === RemovalPolicy.DESTROY,
        lifecycleRules: lifecycleDays ? [{ prefix: 'issues/', expiration: Duration.days(lifecycleDays), noncurrentVersionExpiration: Duration.days(30) }, { prefix: 'inbound/', expiration: Duration.days(30) }] : [{ noncurrentVersionExpiration: Duration.days(30) }, ...rules],
      });
    // Retention: articles (and their sidecars) expire from corpus/; the next index update drops
    // them (objects gone from the listing leave the index). Extracted copies go a month later.
    this.corpusBucket = bucket('CorpusBucket', undefined, [
      { id: 'CorpusRetention', prefix: 'corpus/', expiration: Duration.days(retentionDays) },
      { id: 'ExtractedRetention', prefix: 'extracted/', expiration: Duration.days(retentionDays + 30) },
    ]);
    this.issuesBucket = bucket('IssuesBucket', 730);
    this.tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'Signing keys of the newsletter links: "kid:secret[,kid2:secret2]" (first signs)',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'k', excludePunctuation: true, passwordLength: 48 },
    });
  }
}
