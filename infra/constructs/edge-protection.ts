/**
 * Limits per client at the edge: a WAF web ACL (CLOUDFRONT scope) for the public
 * distribution with rate-based rules counted per client IP over five minutes. Mailing
 * requests (POST /subscribe, POST /confirm/resend) have a tight limit; the unsubscribe
 * paths only a generous cap (one-click unsubscribes arrive from mail providers' servers, many
 * readers behind one address); everything else a loose one. Over a limit a client gets 429
 * with Retry-After; other clients are not affected. Counting per address is WAF's only
 * choice: the app's own limits also fold IPv6 /64s and mailboxes (services/subscribe.ts).
 */
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Requests per client IP per five minutes (WAF's evaluation window), per rule. */
export const RATE_LIMITS = {
  /** POST /subscribe and POST /confirm/resend: each queues a mail. */
  mailing: 100,
  /** Any /unsubscribe path: a cap against floods only, never met by readers or their mail providers in normal use. */
  unsubscribe: 10_000,
  /** Every other path (pages, links, the archive). */
  other: 2_000,
} as const;
export const RATE_WINDOW_SECONDS = 300;

type Statement = CfnWebACL.StatementProperty;
const decoded = [{ priority: 0, type: 'URL_DECODE' }];
const pathStartsWith = (prefix: string): Statement => ({ byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: prefix, textTransformations: decoded } });
const pathIs = (path: string): Statement => ({ byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: path, textTransformations: decoded } });
const methodIs = (method: string): Statement => ({ byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: [{ priority: 0, type: 'NONE' }] } });

export class EdgeProtectionConstruct extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id);
    const tooMany = { customResponse: { responseCode: 429, customResponseBodyKey: 'tooMany', responseHeaders: [{ name: 'retry-after', value: String(RATE_WINDOW_SECONDS) }] } };
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const perClient = (name: string, priority: number, limit: number, scopeDownStatement: Statement): CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: { block: tooMany },
      statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit, evaluationWindowSec: RATE_WINDOW_SECONDS, scopeDownStatement } },
      visibilityConfig: visibility(name),
    });
    const unsubscribe = pathStartsWith('/unsubscribe');
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: props.name,
      description: 'Newsletter public site: request limits per client IP',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      customResponseBodies: { tooMany: { contentType: 'TEXT_PLAIN', content: 'Too many requests from your network. Please try again in a few minutes.' } },
      rules: [
        perClient('MailingPerClient', 0, RATE_LIMITS.mailing, { andStatement: { statements: [methodIs('POST'), { orStatement: { statements: [pathStartsWith('/subscribe'), pathIs('/confirm/resend')] } }] } }),
        perClient('UnsubscribePerClient', 1, RATE_LIMITS.unsubscribe, unsubscribe),
        perClient('OtherPerClient', 2, RATE_LIMITS.other, { notStatement: { statement: unsubscribe } }),
      ],
      visibilityConfig: visibility(props.name.replace(/[^A-Za-z0-9_-]/g, '-')),
    });
  }
}
