/** The public HTTP API: API Gateway HTTP API routes to the api Lambda, stage throttling, IAM auth on POST /sends. */
import { CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
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

export class ApiConstruct extends Construct {
  readonly api: HttpApi;
  readonly fn: NewsletterFunction;

  constructor(scope: Construct, id: string, props: { table: Table; tokenSecret: Secret; environment: Record<string, string>; sesIdentityArn: string; configurationSetName: string; issuesBucket: Bucket; corpusBucket: Bucket; queue: Queue }) {
    super(scope, id);
    this.fn = new NewsletterFunction(this, 'Api', { entry: 'api', templates: true, precompiledOnly: true, environment: props.environment });
    props.table.grantReadWriteData(this.fn.fn);
    props.tokenSecret.grantRead(this.fn.fn);
    this.fn.fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:SendRawEmail'], resources: [props.sesIdentityArn, `arn:aws:ses:*:*:configuration-set/${props.configurationSetName}`] }));
    this.api = new HttpApi(this, 'HttpApi', { description: 'Themed newsletter public API' });
    const integration = new HttpLambdaIntegration('ApiIntegration', this.fn.fn);
    for (const [method, path] of PUBLIC_ROUTES) this.api.addRoutes({ path, methods: [method], integration });
    this.api.addRoutes({ path: '/sends', methods: [HttpMethod.POST], integration, authorizer: new HttpIamAuthorizer() });
    const stage = this.api.defaultStage!.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = { throttlingBurstLimit: 50, throttlingRateLimit: 20 };
    stage.routeSettings = { 'POST /subscribe': { throttlingBurstLimit: 10, throttlingRateLimit: 5 } };
  }
}
