/**
 * The CDK stack, asserted on its CloudFormation template (asset bundling skipped so this
 * stays fast): data, schedules, queue wiring, API routes and auth, IAM scoping, alarms, and
 * no unexplained cdk-nag finding.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseThemes } from '../../lambdas/domain/themes/parse-themes.ts';
import { NewsletterStack } from '../../infra/stacks/newsletter-stack.ts';
import { OUTBOX_METRICS_NAMESPACE } from '../../lambdas/services/deliver-subscribe-requests.ts';

const themes = parseThemes(readFileSync(path.resolve(__dirname, '../../themes.yaml'), 'utf8'), 'themes.yaml');
let stack: NewsletterStack;
let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  stack = new NewsletterStack(app, 'Newsletter-test', { stage: 'dev', domain: 'news.example.org', fromAddress: 'News <news@news.example.org>', inbound: true, sesRate: 14, themes });
  template = Template.fromStack(stack);
}, 120_000);

describe('newsletter stack', () => {
  it('has the single table with its index, point-in-time recovery and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'gsi1' })],
    });
  });

  it('lets the send worker read the account quota and tells it how many workers share it', () => {
    // Prepare
    const fns = template.findResources('AWS::Lambda::Function');
    const [id, worker] = Object.entries(fns).find(([k]) => k.startsWith('SendingSendWorker'))!;
    // Assess
    expect(worker.Properties.Environment.Variables.NEWSLETTER_SEND_WORKERS).toBe(String(worker.Properties.ReservedConcurrentExecutions));
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(id.replace(/[0-9A-F]{8}$/, '')));
    expect(JSON.stringify(policies)).toContain('ses:GetAccount');
  });

  it('keeps buckets private, encrypted and SSL-only', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    for (const b of Object.values(buckets)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.Properties.BucketEncryption).toBeDefined();
    }
    template.hasResourceProperties('AWS::S3::BucketPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('schedules one issue per theme in its time zone', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).filter((s) => /^Issue of theme/.test(s.Properties.Description));
    expect(schedules).toHaveLength(themes.filter((t) => t.schedule).length);
    for (const t of themes) {
      const s = schedules.find((x) => JSON.parse(x.Properties.Target.Input).themeId === t.id)!;
      expect(s.Properties.ScheduleExpression).toBe(t.schedule);
      expect(s.Properties.ScheduleExpressionTimezone).toBe(t.timezone);
    }
  });

  it('collects on a schedule, extracts each article put under corpus/, and rebuilds the index on a schedule', () => {
    // Assess: two intake schedules besides the themes'
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);
    expect(schedules.filter((s) => /Collect feeds/.test(s.Description))).toEqual([expect.objectContaining({ ScheduleExpression: 'cron(0 5 * * ? *)', ScheduleExpressionTimezone: 'UTC' })]);
    expect(schedules.filter((s) => /corpus index up to date/.test(s.Description))).toEqual([expect.objectContaining({ ScheduleExpression: 'rate(15 minutes)' })]);
    // one S3 notification: object created under corpus/ -> the extract Lambda
    const notes = Object.values(template.findResources('Custom::S3BucketNotifications')).map((n) => JSON.stringify(n.Properties.NotificationConfiguration));
    expect(notes.join()).toMatch(/s3:ObjectCreated:\*/);
    expect(notes.join()).toMatch(/"Name":"prefix","Value":"corpus\/"/);
    expect(notes.join()).not.toMatch(/ObjectRemoved/);
  });

  it('expires articles from corpus/ after the retention period, and updates the index one run at a time', () => {
    // Prepare
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')).map((b) => b.Properties.LifecycleConfiguration?.Rules ?? []);
    const fns = template.findResources('AWS::Lambda::Function');
    const ingest = Object.entries(fns).find(([k]) => k.startsWith('IntakeCorpusIngest'))![1];
    // Assess
    expect(buckets.flat()).toEqual(expect.arrayContaining([
      expect.objectContaining({ Id: 'CorpusRetention', Prefix: 'corpus/', ExpirationInDays: 180, Status: 'Enabled' }),
      expect.objectContaining({ Id: 'ExtractedRetention', Prefix: 'extracted/', ExpirationInDays: 210, Status: 'Enabled' }),
    ]));
    expect(ingest.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(() => new NewsletterStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Bad', { stage: 'dev', domain: 'news.example.org', fromAddress: 'n@news.example.org', inbound: false, sesRate: 1, corpusRetentionDays: 0, themes })).toThrow(/corpusRetentionDays must be a whole number/);
  });

  it('wakes the outbox worker on each queued subscribe request and every minute for retries', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => m.Properties);
    const stream = mappings.find((m) => m.FilterCriteria && JSON.stringify(m.FilterCriteria).includes('OUTBOX'));
    expect(stream).toBeDefined();
    expect(JSON.stringify(stream!.FilterCriteria)).toContain('INSERT');
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } });
  });

  it('serves the archive from a private bucket through CloudFront with origin access control', () => {
    // (what the public distribution serves, and where, is in public-site.test.ts)
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }) });
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ CacheBehaviors: Match.arrayWith([Match.objectLike({ PathPattern: '/archive/*', ViewerProtocolPolicy: 'redirect-to-https' })]) }) });
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Environment?.Variables?.NEWSLETTER_ARCHIVE_BUCKET);
    expect(fns.length).toBeGreaterThan(0);
  });

  it('publishes opens and clicks only from the tracking configuration sets', () => {
    const dests = Object.values(template.findResources('AWS::SES::ConfigurationSetEventDestination')).map((d) => d.Properties.EventDestination.MatchingEventTypes as string[]);
    expect(dests).toHaveLength(3);
    expect(dests.filter((t) => t.includes('open'))).toHaveLength(2);
    expect(dests.filter((t) => t.includes('click'))).toHaveLength(1);
    for (const t of dests) expect(t).toEqual(expect.arrayContaining(['delivery', 'bounce', 'complaint']));
  });

  it('runs every Lambda on Node 22 arm64', () => {
    const fns = Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.Runtime?.startsWith('nodejs') && f.Properties.Environment?.Variables?.NEWSLETTER_TABLE);
    expect(fns.length).toBeGreaterThanOrEqual(6);
    for (const f of fns) {
      expect(f.Properties.Runtime).toBe('nodejs22.x');
      expect(f.Properties.Architectures).toEqual(['arm64']);
    }
  });

  it('feeds the send worker from the queue with partial batch failures, a DLQ and concurrency from the SES rate', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 5 });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() } });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Environment: { Variables: Match.objectLike({ NEWSLETTER_SES_RATE: '10' }) } });
  });

  it('routes the public API and protects POST /sends with IAM', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, r.Properties.AuthorizationType ?? 'NONE']);
    expect(routes).toContainEqual(['POST /sends', 'AWS_IAM']);
    expect(routes).toContainEqual(['POST /subscribe', 'NONE']);
    expect(routes).toContainEqual(['POST /unsubscribe', 'NONE']);
    expect(routes.length).toBe(11);
    // Stage-wide throttling is account protection only; limits per client are the WAF's (public-site.test.ts).
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingBurstLimit: 2000, ThrottlingRateLimit: 1000 } });
  });

  it('scopes IAM statements to their resources', () => {
    for (const p of Object.values(template.findResources('AWS::IAM::Policy'))) {
      for (const s of p.Properties.PolicyDocument.Statement) {
        const actions = ([] as string[]).concat(s.Action);
        expect(actions).not.toContain('*');
        if (actions.includes('ses:SendRawEmail')) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
        // dynamodb:ListStreams (for the outbox worker's stream) has no resource-level permissions.
        if (actions.some((a) => a.startsWith('dynamodb:')) && !actions.every((a) => a === 'dynamodb:ListStreams')) expect(s.Resource).not.toBe('*');
      }
    }
  });

  it('alarms on the DLQ, Lambda errors and throttles, and SES bounce and complaint rates', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName);
    expect(alarms).toEqual(expect.arrayContaining(['ApproximateNumberOfMessagesVisible', 'Errors', 'Throttles', 'Reputation.BounceRate', 'Reputation.ComplaintRate', 'uncertain', 'held', 'awaitingApproval']));
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) expect(a.Properties.AlarmActions).toHaveLength(1);
  });

  it('alarms on a subscribe request the outbox gave up on, by the metric the worker emits', () => {
    // Assess: the alarm watches the namespace and name the outbox worker logs (EMF)
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: OUTBOX_METRICS_NAMESPACE, MetricName: 'dropped', Threshold: 1 });
  });

  it('sends SES bounces and complaints to SNS and receives inbound mail when enabled', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', { EventDestination: Match.objectLike({ MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']) }) });
    template.resourceCountIs('AWS::SES::ReceiptRule', 1);
  });

  it('has no cdk-nag AwsSolutions finding without a written reason', () => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => String(e.entry.data).split(':')[0])).toEqual([]);
    expect(warnings.map((e) => String(e.entry.data).split(':')[0])).toEqual([]);
  });
});
