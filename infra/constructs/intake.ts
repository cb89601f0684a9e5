/**
 * Intake: the scheduled collect Lambda (feeds and pages of config/sources.yaml into corpus/,
 * two hours before the earliest theme build), the extract Lambda run for every object put
 * under corpus/ (one article per invocation, so a large corpus is extracted in parallel),
 * and the index build on a schedule, which takes the extracted documents from extracted/.
 * None of them signs reader links, so none gets the token secret.
 */
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { S3EventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType, type Bucket } from 'aws-cdk-lib/aws-s3';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { NewsletterFunction } from './newsletter-function.ts';

export interface IntakeProps {
  corpusBucket: Bucket;
  environment: Record<string, string>;
  /** When collect runs (EventBridge Scheduler expression, UTC). */
  collectSchedule?: string;
  /** How often the index is rebuilt from what was extracted. */
  indexSchedule?: string;
}

export class IntakeConstruct extends Construct {
  readonly collect: NewsletterFunction;
  readonly extract: NewsletterFunction;
  readonly corpusIngest: NewsletterFunction;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    this.collect = new NewsletterFunction(this, 'Collect', { entry: 'collect', memoryMb: 1024, timeout: Duration.minutes(15), environment: props.environment });
    props.corpusBucket.grantReadWrite(this.collect.fn);

    this.extract = new NewsletterFunction(this, 'ExtractArticle', { entry: 'extract-article', memoryMb: 1024, timeout: Duration.minutes(1), environment: props.environment });
    this.extract.fn.addEventSource(new S3EventSource(props.corpusBucket, { events: [EventType.OBJECT_CREATED], filters: [{ prefix: 'corpus/' }] }));
    props.corpusBucket.grantReadWrite(this.extract.fn);

    // One update at a time: the index manifest is read, then replaced.
    this.corpusIngest = new NewsletterFunction(this, 'CorpusIngest', { entry: 'corpus-ingest', memoryMb: 2048, timeout: Duration.minutes(10), environment: props.environment, reservedConcurrency: 1 });
    props.corpusBucket.grantReadWrite(this.corpusIngest.fn);

    const role = new Role(this, 'IntakeSchedulerRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
    this.collect.fn.grantInvoke(role);
    this.corpusIngest.fn.grantInvoke(role);
    new CfnSchedule(this, 'CollectSchedule', {
      description: 'Collect feeds and pages into the corpus ahead of the theme builds',
      scheduleExpression: props.collectSchedule ?? 'cron(0 5 * * ? *)',
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: this.collect.fn.functionArn, roleArn: role.roleArn, input: '{}', retryPolicy: { maximumRetryAttempts: 2 } },
    });
    new CfnSchedule(this, 'IndexSchedule', {
      description: 'Bring the corpus index up to date with the corpus bucket',
      scheduleExpression: props.indexSchedule ?? 'rate(15 minutes)',
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: this.corpusIngest.fn.functionArn, roleArn: role.roleArn, input: '{}', retryPolicy: { maximumRetryAttempts: 2 } },
    });
  }
}
