/**
 * The newsletter stack: data, mail, sending, API, inbound mail, one schedule per theme and
 * monitoring, configured through context (stage, domain, fromAddress, inbound, sesRate).
 * cdk-nag's AwsSolutions checks run on it; every suppression says why.
 */
import { Aspects, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { Theme } from '../../lambdas/domain/types.ts';
import { ApiConstruct } from '../constructs/api.ts';
import { DataConstruct } from '../constructs/data.ts';
import { MailConstruct } from '../constructs/mail.ts';
import { MonitoringConstruct } from '../constructs/monitoring.ts';
import { NewsletterFunction } from '../constructs/newsletter-function.ts';
import { SchedulingConstruct } from '../constructs/scheduling.ts';
import { ArchiveConstruct } from '../constructs/archive.ts';
import { IntakeConstruct } from '../constructs/intake.ts';
import { SendingConstruct } from '../constructs/sending.ts';

export interface NewsletterStackProps extends StackProps {
  stage: string;
  domain: string;
  fromAddress: string;
  inbound: boolean;
  sesRate: number;
  themes: Theme[];
}

export class NewsletterStack extends Stack {
  constructor(scope: Construct, id: string, props: NewsletterStackProps) {
    super(scope, id, props);
    const data = new DataConstruct(this, 'Data', { stage: props.stage });
    const mail = new MailConstruct(this, 'Mail', { domain: props.domain });
    const publicUrl = `https://${props.domain}`;
    const archive = new ArchiveConstruct(this, 'Archive', { stage: props.stage });
    const environment: Record<string, string> = {
      NEWSLETTER_TABLE: data.table.tableName,
      NEWSLETTER_CORPUS_BUCKET: data.corpusBucket.bucketName,
      NEWSLETTER_ISSUES_BUCKET: data.issuesBucket.bucketName,
      NEWSLETTER_ARCHIVE_BUCKET: archive.bucket.bucketName,
      // The archive's subscribe form posts to the API from the CloudFront domain.
      NEWSLETTER_ARCHIVE_URL: `https://${archive.distribution.distributionDomainName}`,
      NEWSLETTER_TOKEN_SECRET_ARN: data.tokenSecret.secretArn,
      NEWSLETTER_FROM: props.fromAddress,
      NEWSLETTER_PUBLIC_URL: publicUrl,
      NEWSLETTER_SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      ...(props.inbound ? { NEWSLETTER_INBOUND_ADDRESS: `unsubscribe@${props.domain}`, NEWSLETTER_INBOUND_BUCKET: data.issuesBucket.bucketName } : {}),
    };
    const sending = new SendingConstruct(this, 'Sending', {
      table: data.table,
      corpusBucket: data.corpusBucket,
      issuesBucket: data.issuesBucket,
      tokenSecret: data.tokenSecret,
      environment,
      sesRate: props.sesRate,
      sesIdentityArn: mail.identityArn,
      configurationSetName: mail.configurationSet.configurationSetName,
    });
    mail.eventsTo(sending.sesEventsTopic);
    const api = new ApiConstruct(this, 'Api', {
      table: data.table,
      tokenSecret: data.tokenSecret,
      environment,
      sesIdentityArn: mail.identityArn,
      configurationSetName: mail.configurationSet.configurationSetName,
      issuesBucket: data.issuesBucket,
      corpusBucket: data.corpusBucket,
      queue: sending.queue,
    });
    const intake = new IntakeConstruct(this, 'Intake', { corpusBucket: data.corpusBucket, tokenSecret: data.tokenSecret, environment });
    new SchedulingConstruct(this, 'Scheduling', { themes: props.themes, target: sending.buildIssue.fn });
    const functions: Record<string, NewsletterFunction['fn']> = {
      BuildIssue: sending.buildIssue.fn,
      SendWorker: sending.sendWorker.fn,
      SesEvents: sending.sesEvents.fn,
      CorpusIngest: intake.corpusIngest.fn,
      Collect: intake.collect.fn,
      ExtractArticle: intake.extract.fn,
      Api: api.fn.fn,
      OutboxWorker: api.outboxWorker.fn,
    };
    if (props.inbound) {
      const inbound = new NewsletterFunction(this, 'InboundEmail', { entry: 'inbound-email', templates: true, precompiledOnly: true, environment });
      data.issuesBucket.grantRead(inbound.fn);
      data.table.grantReadWriteData(inbound.fn);
      data.tokenSecret.grantRead(inbound.fn);
      inbound.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [mail.identityArn] }));
      mail.inbound({ recipients: [props.domain], bucket: data.issuesBucket, fn: inbound.fn });
      functions.InboundEmail = inbound.fn;
    }
    new MonitoringConstruct(this, 'Monitoring', { deadLetterQueue: sending.deadLetterQueue, functions });
    new CfnOutput(this, 'ApiUrl', { value: api.api.apiEndpoint });
    new CfnOutput(this, 'CorpusBucket', { value: data.corpusBucket.bucketName });
    new CfnOutput(this, 'ArchiveUrl', { value: `https://${archive.distribution.distributionDomainName}/` });
    // The send paths publish sent issues to the archive.
    archive.bucket.grantReadWrite(sending.buildIssue.fn);
    archive.bucket.grantReadWrite(api.fn.fn);
    new CfnOutput(this, 'BuildIssueFunction', { value: sending.buildIssue.fn.functionName });

    Aspects.of(this).add(new AwsSolutionsChecks({ verbose: true }));
    NagSuppressions.addStackSuppressions(this, [
      { id: 'AwsSolutions-IAM4', reason: 'Lambda functions use the AWS managed AWSLambdaBasicExecutionRole for CloudWatch Logs only.' },
      { id: 'AwsSolutions-IAM5', reason: 'Wildcards come from CDK grant methods scoped to one table (its indexes), one bucket (its objects) or X-Ray; no service-wide wildcard is granted.' },
      { id: 'AwsSolutions-S1', reason: 'Server access logs would need a third bucket; object-level CloudTrail data events are the audit trail for these private buckets.' },
      { id: 'AwsSolutions-SQS3', reason: 'The dead-letter queue is itself the DLQ of the send queue.' },
      { id: 'AwsSolutions-CFR1', reason: 'The archive is public reading for everyone; no geographic restriction is wanted.' },
      { id: 'AwsSolutions-CFR2', reason: 'The archive serves static, public, read-only pages; a WAF web ACL is left to accounts that want one (its cost is per ACL).' },
      { id: 'AwsSolutions-CFR3', reason: 'The archive distribution serves public static pages; access logs go to a bucket the operator configures per account (logging bucket and retention are account policy).' },
      { id: 'AwsSolutions-CFR4', reason: 'The archive uses the default CloudFront domain and certificate until the operator attaches a custom domain with its own TLS policy.' },
      { id: 'AwsSolutions-APIG1', reason: 'HTTP API access logging is added per environment by the operator (log group retention and format are account policy).' },
      { id: 'AwsSolutions-APIG4', reason: 'Public subscription routes are deliberately unauthenticated (signed tokens protect state changes); POST /sends uses IAM auth.' },
      { id: 'AwsSolutions-SMG4', reason: 'Token keys are rotated by adding a new key id to the secret (tokens carry their key id); automatic rotation would invalidate links in sent mail.' },
      { id: 'AwsSolutions-L1', reason: 'Node.js 22 is the latest runtime this project targets; log-retention helper functions are managed by CDK.' },
      { id: 'AwsSolutions-SNS3', reason: 'Topics enforce SSL through enforceSSL: true.' },
    ]);
  }
}
