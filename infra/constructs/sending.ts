/**
 * Sending: the send queue with its dead-letter queue, the build-issue Lambda (schedules and
 * on-demand), the send worker (SQS, partial batch failures, reserved concurrency from the
 * SES rate; no mjml in its bundle), and SES bounce/complaint events through SNS. (The corpus
 * index is built by the intake construct.)
 */
import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource, SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { NewsletterFunction } from './newsletter-function.ts';

export interface SendingProps {
  table: Table;
  corpusBucket: Bucket;
  issuesBucket: Bucket;
  /** Only the send worker signs links (build-issue freezes the issue with placeholders). */
  tokenSecret: ISecret;
  environment: Record<string, string>;
  sesRate: number;
  sesIdentityArn: string;
  configurationSetName: string;
}

/** Messages per second one worker sends (its token bucket). */
export const PER_WORKER_RATE = 10;

export class SendingConstruct extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly buildIssue: NewsletterFunction;
  readonly sendWorker: NewsletterFunction;
  readonly sesEvents: NewsletterFunction;
  readonly sesEventsTopic: Topic;

  constructor(scope: Construct, id: string, props: SendingProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'SendDlq', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, 'SendQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 3 },
    });
    const env = {
      ...props.environment,
      NEWSLETTER_SEND_QUEUE_URL: this.queue.queueUrl,
      NEWSLETTER_DLQ_URL: this.deadLetterQueue.queueUrl,
      NEWSLETTER_SES_RATE: String(PER_WORKER_RATE),
    };
    // The plain configuration set and its two tracking variants (themes that opted in).
    const sesSend = new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [props.sesIdentityArn, ...['', '-opens', '-clicks'].map((s) => `arn:aws:ses:*:*:configuration-set/${props.configurationSetName}${s}`)] });

    this.buildIssue = new NewsletterFunction(this, 'BuildIssue', { entry: 'build-issue', templates: true, memoryMb: 1024, timeout: Duration.minutes(5), environment: env });
    props.table.grantReadWriteData(this.buildIssue.fn);
    props.issuesBucket.grantReadWrite(this.buildIssue.fn);
    props.corpusBucket.grantRead(this.buildIssue.fn);
    this.queue.grantSendMessages(this.buildIssue.fn);

    // Reserved concurrency keeps the workers together under the SES maximum send rate.
    const reservedConcurrency = Math.max(1, Math.floor(props.sesRate / PER_WORKER_RATE));
    // The worker fills each reader's signed unsubscribe and preferences links: it holds the key.
    // It also reads the account's quota at start (GetAccount) and paces under its share of it.
    this.sendWorker = new NewsletterFunction(this, 'SendWorker', { entry: 'send-worker', timeout: Duration.minutes(5), reservedConcurrency, environment: { ...env, NEWSLETTER_SEND_WORKERS: String(reservedConcurrency) }, tokenSecret: props.tokenSecret });
    this.sendWorker.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true }));
    props.table.grantReadWriteData(this.sendWorker.fn);
    props.issuesBucket.grantRead(this.sendWorker.fn);
    this.sendWorker.fn.addToRolePolicy(sesSend);
    // GetAccount has no resource-level permissions: it is granted on '*' (read-only).
    this.sendWorker.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    // The worker sends back only the recipients of a batch that must be retried.
    this.queue.grantSendMessages(this.sendWorker.fn);
    this.deadLetterQueue.grantSendMessages(this.sendWorker.fn);

    this.sesEventsTopic = new Topic(this, 'SesEvents', { enforceSSL: true });
    this.sesEvents = new NewsletterFunction(this, 'SesEventsFn', { entry: 'ses-events', environment: props.environment });
    this.sesEvents.fn.addEventSource(new SnsEventSource(this.sesEventsTopic));
    props.table.grantReadWriteData(this.sesEvents.fn);

  }
}
