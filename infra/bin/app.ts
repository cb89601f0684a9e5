/**
 * CDK app entry: reads the context (`-c stage=dev|prod -c domain=news.example.org
 * -c fromAddress="News <news@news.example.org>" -c inbound=true -c sesRate=14
 * -c corpusRetentionDays=180`) and the
 * themes of themes.yaml, and builds the newsletter stack (any region) and its edge stack
 * (the WAF web ACL, pinned to us-east-1). The public domain, its certificate and zone and the
 * web ACL are stack parameters (docs/deploy.md). Nothing account-specific here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { parseThemes } from '../../lambdas/domain/themes/parse-themes.ts';
import { NewsletterStack } from '../stacks/newsletter-stack.ts';
import { EDGE_REGION, NewsletterEdgeStack } from '../stacks/edge-stack.ts';

const app = new App();
const ctx = (k: string, d: string) => String(app.node.tryGetContext(k) ?? d);
const stage = ctx('stage', 'dev');
if (!['dev', 'prod'].includes(stage)) throw new Error(`-c stage must be dev or prod, got '${stage}'`);
const domain = ctx('domain', 'news.example.org');
const themesFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../themes.yaml');
new NewsletterEdgeStack(app, `Newsletter-${stage}-edge`, { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: EDGE_REGION } });
new NewsletterStack(app, `Newsletter-${stage}`, {
  stage,
  domain,
  fromAddress: ctx('fromAddress', `The Themed Newsletter <newsletter@${domain}>`),
  inbound: ctx('inbound', 'false') === 'true',
  sesRate: Number(ctx('sesRate', '14')),
  corpusRetentionDays: Number(ctx('corpusRetentionDays', '180')),
  themes: parseThemes(readFileSync(themesFile, 'utf8'), 'themes.yaml'),
});
app.synth();
