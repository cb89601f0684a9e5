/**
 * The newsletter stack: data, mail, sending, API, inbound mail, one schedule per theme,
 * monitoring and the public site, configured through context (stage, domain, fromAddress,
 * inbound, sesRate) and, for what lives in the operator's account rather than in code, stack
 * parameters: the public domain of the links, its certificate, its hosted zone and the
 * web ACL; the mail domain's hosted zone (MailHostedZoneId) and DMARC policy (docs/deploy.md). cdk-nag's AwsSolutions checks run on it; every suppression says why.
 */
import { Aspects, CfnOutput, Fn, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
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
import { PublicSiteConstruct } from '../constructs/public-site.ts';
import { publicSiteParameters } from '../constructs/public-site-parameters.ts';
import { SendingConstruct } from '../constructs/sending.ts';

export interface NewsletterStackProps extends StackProps {
  stage: string;
  /** The mail domain: the SES identity (and the inbound address). The public site's domain is the DomainName parameter. */
  domain: string;
  fromAddress: string;
  inbound: boolean;
  sesRate: number;
  /** Articles older than this leave the corpus bucket (lifecycle rule) and then the index (default 180). */
  corpusRetentionDays?: number;
  themes: Theme[];
}

export class NewsletterStack extends Stack {
  constructor(scope: Construct, id: string, props: NewsletterStackProps) {
    super(scope, id, props);
    const data = new DataConstruct(this, 'Data', { stage: props.stage, corpusRetentionDays: props.corpusRetentionDays });
    const mail = new MailConstruct(this, 'Mail', { domain: props.domain });
    const archive = new ArchiveConstruct(this, 'Archive', { stage: props.stage });
    const web = publicSiteParameters(this, props.stage);
    // The functions' environment is read when each is created, before the distribution
    // exists (it needs the API): the public URLs are filled in at synthesis.
    let site: PublicSiteConstruct | undefined;
    const environment: Record<string, string> = {
      NEWSLETTER_TABLE: data.table.tableName,
      NEWSLETTER_CORPUS_BUCKET: data.corpusBucket.bucketName,
      NEWSLETTER_ISSUES_BUCKET: data.issuesBucket.bucketName,
      NEWSLETTER_ARCHIVE_BUCKET: archive.bucket.bucketName,
      // Archive pages also answer on the distribution's own domain; their subscribe form may post from there.
      NEWSLETTER_ARCHIVE_URL: Lazy.string({ produce: () => `https://${site!.distribution.distributionDomainName}` }),
      NEWSLETTER_FROM: props.fromAddress,
      // The links in mails and the routes of the distribution come from the same parameter.
      NEWSLETTER_PUBLIC_URL: Lazy.string({ produce: () => site!.publicUrl }),
      NEWSLETTER_SES_CONFIGURATION_SET: mail.configurationSet.configurationSetName,
      // Readers reach the API through the distribution: their address is CloudFront's viewer header.
      NEWSLETTER_BEHIND_CLOUDFRONT: 'true',
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
    site = new PublicSiteConstruct(this, 'Site', { api: api.api, archiveBucket: archive.bucket, domain: web.domain, webAcl: web.webAcl });
    const intake = new IntakeConstruct(this, 'Intake', { corpusBucket: data.corpusBucket, environment });
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
      // Subscribing or unsubscribing by mail answers with signed links: it holds the key.
      const inbound = new NewsletterFunction(this, 'InboundEmail', { entry: 'inbound-email', templates: true, precompiledOnly: true, environment, tokenSecret: data.tokenSecret });
      data.issuesBucket.grantRead(inbound.fn);
      data.table.grantReadWriteData(inbound.fn);
      inbound.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [mail.identityArn] }));
      mail.inbound({ recipients: [props.domain], bucket: data.issuesBucket, fn: inbound.fn });
      functions.InboundEmail = inbound.fn;
    }
    new MonitoringConstruct(this, 'Monitoring', { deadLetterQueue: sending.deadLetterQueue, functions });
    new CfnOutput(this, 'PublicUrl', { value: site.publicUrl, description: 'Base of every link in the mails (pages, confirm, unsubscribe, preferences, archive)' });
    new CfnOutput(this, 'ArchiveUrl', { value: Fn.join('', [site.publicUrl, '/archive/']) });
    new CfnOutput(this, 'DistributionDomainName', { value: site.distribution.distributionDomainName, description: 'Target of the DNS records of DomainName' });
    new CfnOutput(this, 'DnsRecordToCreate', {
      condition: web.dnsByHand,
      value: Fn.join('', [web.domainName, ' CNAME (or ALIAS/ANAME at a zone apex) ', site.distribution.distributionDomainName]),
      description: 'No HostedZoneId was given: create this record at your DNS provider',
    });
    new CfnOutput(this, 'ApiUrl', { value: api.api.apiEndpoint, description: 'The API Gateway endpoint itself, for POST /sends signed with SigV4 (IAM)' });
    new CfnOutput(this, 'CorpusBucket', { value: data.corpusBucket.bucketName });
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
      { id: 'AwsSolutions-CFR1', reason: 'The newsletter and its archive are for readers everywhere; no geographic restriction is wanted.' },
      { id: 'AwsSolutions-CFR2', reason: 'The WAF web ACL must live in us-east-1: the edge stack creates it and the WebAclArn parameter attaches it (required in prod by a template rule).' },
      { id: 'AwsSolutions-CFR3', reason: 'Access logs of the public site go to a bucket the operator configures per account (logging bucket and retention are account policy).' },
      { id: 'AwsSolutions-CFR4', reason: 'With DomainName the viewer certificate is the operator\'s ACM certificate with TLSv1.2_2021; without it the default *.cloudfront.net certificate, whose TLS floor CloudFront sets.' },
      { id: 'AwsSolutions-APIG1', reason: 'HTTP API access logging is added per environment by the operator (log group retention and format are account policy).' },
      { id: 'AwsSolutions-APIG4', reason: 'Public subscription routes are deliberately unauthenticated (signed tokens protect state changes); POST /sends uses IAM auth.' },
      { id: 'AwsSolutions-SMG4', reason: 'Token keys are rotated by adding a new key id to the secret (tokens carry their key id); automatic rotation would invalidate links in sent mail.' },
      { id: 'AwsSolutions-L1', reason: 'Node.js 22 is the latest runtime this project targets; helper functions of CDK custom resources (bucket auto-delete, notifications) are managed by CDK.' },
      { id: 'AwsSolutions-SNS3', reason: 'Topics enforce SSL through enforceSSL: true.' },
    ]);
  }
}
