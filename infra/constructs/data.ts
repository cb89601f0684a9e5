/** Data: the single DynamoDB table, the corpus and issues buckets, and the token secret. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class DataConstruct extends Construct {
  readonly table: Table;
  readonly corpusBucket: Bucket;
  readonly issuesBucket: Bucket;
  readonly tokenSecret: Secret;

  constructor(scope: Construct, id: string, props: { stage: string }) {
    super(scope, id);
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
    const bucket = (name: string, lifecycleDays?: number) =>
      new Bucket(this, name, {
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        removalPolicy: retain,
        autoDeleteObjects: retain === RemovalPolicy.DESTROY,
        lifecycleRules: lifecycleDays ? [{ prefix: 'issues/', expiration: Duration.days(lifecycleDays), noncurrentVersionExpiration: Duration.days(30) }, { prefix: 'inbound/', expiration: Duration.days(30) }] : [{ noncurrentVersionExpiration: Duration.days(30) }],
      });
    this.corpusBucket = bucket('CorpusBucket');
    this.issuesBucket = bucket('IssuesBucket', 730);
    this.tokenSecret = new Secret(this, 'TokenSecret', {
      description: 'Signing keys of the newsletter links: "kid:secret[,kid2:secret2]" (first signs)',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'k', excludePunctuation: true, passwordLength: 48 },
    });
  }
}
