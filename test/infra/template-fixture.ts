/**
 * Test fixture for the infra tests: the newsletter and edge stacks synthesized with asset
 * bundling skipped, and a small evaluator of CloudFormation intrinsics (Ref, Fn::If,
 * Fn::Join, Fn::GetAtt, conditions) that reads a template as CloudFormation would deploy it
 * with given parameter values. Resources are referred to as `<ref:Id>` and attributes as
 * `<Id.Attr>`, since they exist only once deployed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseThemes } from '../../lambdas/domain/themes/parse-themes.ts';
import { NewsletterEdgeStack } from '../../infra/stacks/edge-stack.ts';
import { NewsletterStack } from '../../infra/stacks/newsletter-stack.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const themes = parseThemes(readFileSync(path.join(ROOT, 'themes.yaml'), 'utf8'), 'themes.yaml');

/** Both stacks of the app, as `cdk synth` builds them (without bundling the Lambdas). */
export function synthStacks(stage = 'dev') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const edge = new NewsletterEdgeStack(app, `Newsletter-${stage}-edge`, { env: { region: 'us-east-1' } });
  const stack = new NewsletterStack(app, `Newsletter-${stage}`, { stage, domain: 'news.example.org', fromAddress: 'News <news@news.example.org>', inbound: true, sesRate: 14, themes });
  return { stack, edge, template: Template.fromStack(stack).toJSON() as CfnTemplate, edgeTemplate: Template.fromStack(edge).toJSON() as CfnTemplate };
}

export interface CfnResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, any>;
}
export interface CfnTemplate {
  Parameters?: Record<string, { Default?: string }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
  Rules?: Record<string, unknown>;
}
export interface Deployed {
  resources: Record<string, CfnResource>;
  outputs: Record<string, any>;
}

const NO_VALUE = Symbol('AWS::NoValue');
const PSEUDO: Record<string, string> = { 'AWS::Region': 'eu-west-2', 'AWS::URLSuffix': 'amazonaws.com', 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws', 'AWS::StackName': 'Newsletter-test' };

/** The template as deployed with these parameter values: conditions applied, intrinsics resolved. */
export function deploy(template: CfnTemplate, parameters: Record<string, string> = {}): Deployed {
  const param = (name: string) => parameters[name] ?? template.Parameters?.[name]?.Default;
  const condition = (name: string): boolean => truth(template.Conditions?.[name]);
  const truth = (e: any): boolean => {
    if (typeof e === 'boolean') return e;
    if (e.Condition) return condition(e.Condition);
    if (e['Fn::Equals']) return value(e['Fn::Equals'][0]) === value(e['Fn::Equals'][1]);
    if (e['Fn::Not']) return !truth(e['Fn::Not'][0]);
    if (e['Fn::And']) return e['Fn::And'].every(truth);
    if (e['Fn::Or']) return e['Fn::Or'].some(truth);
    throw new Error(`condition not understood: ${JSON.stringify(e)}`);
  };
  const value = (v: any): any => {
    if (Array.isArray(v)) return v.map(value).filter((x) => x !== NO_VALUE);
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      const a = v[k];
      if (k === 'Ref') return a === 'AWS::NoValue' ? NO_VALUE : template.Parameters?.[a] ? param(a) : PSEUDO[a] ?? `<ref:${a}>`;
      if (k === 'Fn::GetAtt') return `<${a[0]}.${a[1]}>`;
      if (k === 'Fn::If') return value(truth({ Condition: a[0] }) ? a[1] : a[2]);
      if (k === 'Fn::Join') return (value(a[1]) as unknown[]).join(a[0]);
      if (k === 'Fn::Select') return value(a[1])[Number(value(a[0]))];
      if (k === 'Fn::Split') return String(value(a[1])).split(a[0]);
      if (k === 'Fn::Sub' && typeof a === 'string') return a.replace(/\$\{([^}]+)\}/g, (_m, n: string) => (n.includes('.') ? `<${n}>` : value({ Ref: n })));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = value(x);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  };
  const resources: Deployed['resources'] = {};
  for (const [id, r] of Object.entries(template.Resources)) if (!r.Condition || condition(r.Condition)) resources[id] = { ...r, Properties: value(r.Properties ?? {}) };
  const outputs: Deployed['outputs'] = {};
  for (const [id, o] of Object.entries(template.Outputs ?? {})) if (!o.Condition || condition(o.Condition)) outputs[id] = value(o.Value);
  return { resources, outputs };
}

/** Resources of a type, by logical id. */
export function ofType(d: Deployed | CfnTemplate, type: string): [string, CfnResource][] {
  const rs = 'resources' in d ? d.resources : d.Resources;
  return Object.entries(rs).filter(([, r]) => r.Type === type);
}

/**
 * The newsletter's own Lambdas (not CDK's helpers), by the construct id they were made with:
 * the logical id is the construct path with repeats folded (`Api/Api/Fn` -> `ApiFn1234ABCD`).
 */
export const NEWSLETTER_FUNCTIONS = {
  Api: { logicalId: /^ApiFn[0-9A-F]{8}$/, handler: 'api' },
  OutboxWorker: { logicalId: /^ApiOutboxWorkerFn[0-9A-F]{8}$/, handler: 'outbox-worker' },
  BuildIssue: { logicalId: /^SendingBuildIssueFn[0-9A-F]{8}$/, handler: 'build-issue' },
  SendWorker: { logicalId: /^SendingSendWorkerFn[0-9A-F]{8}$/, handler: 'send-worker' },
  SesEvents: { logicalId: /^SendingSesEventsFn[0-9A-F]{8}$/, handler: 'ses-events' },
  Collect: { logicalId: /^IntakeCollectFn[0-9A-F]{8}$/, handler: 'collect' },
  ExtractArticle: { logicalId: /^IntakeExtractArticleFn[0-9A-F]{8}$/, handler: 'extract-article' },
  CorpusIngest: { logicalId: /^IntakeCorpusIngestFn[0-9A-F]{8}$/, handler: 'corpus-ingest' },
  InboundEmail: { logicalId: /^InboundEmailFn[0-9A-F]{8}$/, handler: 'inbound-email' },
} as const;
export type FunctionName = keyof typeof NEWSLETTER_FUNCTIONS;

/** The logical id of each newsletter Lambda in the template. */
export function functionIds(t: CfnTemplate | Deployed): Record<FunctionName, string> {
  const fns = ofType(t, 'AWS::Lambda::Function').map(([id]) => id);
  return Object.fromEntries(
    Object.entries(NEWSLETTER_FUNCTIONS).map(([name, f]) => {
      const ids = fns.filter((id) => f.logicalId.test(id));
      if (ids.length !== 1) throw new Error(`expected one Lambda for ${name}, found ${ids.join(', ') || 'none'}`);
      return [name, ids[0]];
    }),
  ) as Record<FunctionName, string>;
}
