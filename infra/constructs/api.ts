/**
 * The public HTTP API: API Gateway HTTP API routes to the api Lambda, IAM auth on POST
 * /sends, and stage-wide throttling set as account protection only. Limits per client are
 * the WAF web ACL's (infra/constructs/edge-protection.ts), in front of the API on the
 * public distribution: a stage-wide limit counts every reader together, so a tight one lets
 * one client get everyone a 429.
 */
import { CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NewsletterFunction } from './newsletter-function.ts';

export const PUBLIC_ROUTES: [HttpMethod, string][] = [
  [HttpMethod.GET, '/'],
  [HttpMethod.POST, '/subscribe'],
  [HttpMethod.GET, '/confirm'],
  [HttpMethod.POST, '/confirm'],
  [HttpMethod.POST, '/confirm/resend'],
  [HttpMethod.GET, '/unsubscribe'],
  [HttpMethod.POST, '/unsubscribe'],
  [HttpMethod.POST, '/unsubscribe/undo'],
  [HttpMethod.GET, '/preferences'],
  [HttpMethod.POST, '/preferences'],
];

/**
 * Stage-wide caps (requests/s and burst, all clients together): high enough that no reader
 * meets them in normal use, low enough to bound the cost of a flood that bypasses the web
 * ACL. POST /subscribe, which queues a mail, has a lower cap; the unsubscribe routes have
 * none of their own, so a one-click unsubscribe is never throttled below the stage's.
 */
export const STAGE_THROTTLE = { throttlingRateLimit: 1000, throttlingBurstLimit: 2000 } as const;
export const SUBSCRIBE_THROTTLE = { throttlingRateLimit: 100, throttlingBurstLimit: 200 } as const;

export class ApiConstruct extends Construct {
  readonly api: HttpApi;
  readonly fn: NewsletterFunction;
  readonly outboxWorker: NewsletterFunction;

  constructor(scope: Construct, id: string, props: { table: Table; tokenSecret: ISecret; environment: Record<string, string>; sesIdentityArn: string; configurationSetName: string; issuesBucket: Bucket; corpusBucket: Bucket; queue: Queue }) {
    super(scope, id);
    this.fn = new NewsletterFunction(this, 'Api', { entry: 'api', templates: true, precompiledOnly: true, environment: props.environment, tokenSecret: props.tokenSecret });
    props.table.grantReadWriteData(this.fn.fn);
    this.fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [props.sesIdentityArn, `arn:aws:ses:*:*:configuration-set/${props.configurationSetName}`] }));
    this.api = new HttpApi(this, 'HttpApi', { description: 'Themed newsletter public API' });
    const integration = new HttpLambdaIntegration('ApiIntegration', this.fn.fn);
    for (const [method, path] of PUBLIC_ROUTES) this.api.addRoutes({ path, methods: [method], integration });
    this.api.addRoutes({ path: '/sends', methods: [HttpMethod.POST], integration, authorizer: new HttpIamAuthorizer() });
    // The outbox worker: mails the confirmation of each queued subscribe request, started by
    // the table's stream when one is queued and every minute for those waiting for a retry.
    this.outboxWorker = new NewsletterFunction(this, 'OutboxWorker', { entry: 'outbox-worker', templates: true, precompiledOnly: true, timeout: Duration.minutes(2), environment: props.environment, tokenSecret: props.tokenSecret });
    props.table.grantReadWriteData(this.outboxWorker.fn);
    this.outboxWorker.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: [props.sesIdentityArn, `arn:aws:ses:*:*:configuration-set/${props.configurationSetName}`] }));
    this.outboxWorker.fn.addEventSource(
      new DynamoEventSource(props.table, { startingPosition: StartingPosition.LATEST, batchSize: 100, retryAttempts: 2, filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { Keys: { pk: { S: FilterRule.isEqual('OUTBOX') } } } })] }),
    );
    new Rule(this, 'OutboxRetries', { schedule: Schedule.rate(Duration.minutes(1)), targets: [new LambdaFunction(this.outboxWorker.fn)] });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { ...STAGE_THROTTLE };
    stage.routeSettings = { 'POST /subscribe': { ...SUBSCRIBE_THROTTLE } };
  }
}
