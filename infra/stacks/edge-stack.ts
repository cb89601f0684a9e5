/**
 * The edge stack: the WAF web ACL of the public distribution. A web ACL for CloudFront must
 * be created in us-east-1, while the newsletter stack lives in the operator's region (where
 * the readers' data stays), so this small stack is pinned to us-east-1 and its `WebAclArn`
 * output is passed to the newsletter stack's `WebAclArn` parameter (docs/deploy.md).
 */
import { Aspects, CfnOutput, Stack, Token, type StackProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { EdgeProtectionConstruct } from '../constructs/edge-protection.ts';

/** The only region where CloudFront reads web ACLs (and certificates) from. */
export const EDGE_REGION = 'us-east-1';

export class NewsletterEdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    if (!Token.isUnresolved(this.region) && this.region !== EDGE_REGION) throw new Error(`the edge stack must be deployed in ${EDGE_REGION} (CloudFront's web ACLs live there), not ${this.region}`);
    const protection = new EdgeProtectionConstruct(this, 'Protection', { name: `${this.stackName}-limits` });
    this.webAclArn = protection.webAcl.attrArn;
    new CfnOutput(this, 'WebAclArn', { value: this.webAclArn, description: 'Pass to the newsletter stack: --parameters <stack>:WebAclArn=<this value>' });
    Aspects.of(this).add(new AwsSolutionsChecks({ verbose: true }));
  }
}
