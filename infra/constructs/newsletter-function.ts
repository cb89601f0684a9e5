/**
 * One Lambda of the newsletter: NodejsFunction bundled with local esbuild (no Docker),
 * Node 22 on arm64, minified with source maps, its own log group (one month), themes.yaml
 * and templates/ copied next to the bundle only for functions that render or read themes,
 * and the token-signing secret only for functions that sign or verify reader links.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface NewsletterFunctionProps {
  /** Handler file name in lambdas/handlers (without .ts). */
  entry: string;
  environment: Record<string, string>;
  memoryMb?: number;
  timeout?: Duration;
  /** Copy templates/ into the bundle (functions that render mail). */
  templates?: boolean;
  /**
   * Ship the transactional templates precompiled and leave mjml out of the bundle (the API
   * and inbound Lambdas only send transactional mail).
   */
  precompiledOnly?: boolean;
  reservedConcurrency?: number;
  /**
   * The token-signing secret, for functions that sign or verify reader links: they get its
   * ARN (NEWSLETTER_TOKEN_SECRET_ARN) and read access to it. The others get neither, and
   * NEWSLETTER_SIGNS_LINKS=false tells lambda-config.ts that no key is expected.
   */
  tokenSecret?: ISecret;
}

export class NewsletterFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: NewsletterFunctionProps) {
    super(scope, id);
    const copies = [`cp ${path.join(ROOT, 'themes.yaml')} {out}/themes.yaml`];
    if (props.templates) copies.push(`cp -r ${path.join(ROOT, 'templates')} {out}/templates`);
    if (props.precompiledOnly) copies.push(`node ${path.join(ROOT, 'bin/run-ts.mjs')} ${path.join(ROOT, 'infra/scripts/precompile-templates.ts')} {out}/templates`);
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: path.join(ROOT, 'lambdas/handlers', `${props.entry}.ts`),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMb ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH }),
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        NEWSLETTER_THEMES: '/var/task/themes.yaml',
        NEWSLETTER_TEMPLATES: '/var/task/templates',
        ...props.environment,
        ...(props.tokenSecret ? { NEWSLETTER_TOKEN_SECRET_ARN: props.tokenSecret.secretArn } : { NEWSLETTER_SIGNS_LINKS: 'false' }),
      },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        format: OutputFormat.CJS,
        forceDockerBundling: false,
        // The Node 22 runtime ships AWS SDK v3: use it rather than bundling the clients.
        externalModules: props.precompiledOnly ? ['@aws-sdk/*', 'mjml'] : ['@aws-sdk/*'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) => copies.map((c) => c.replaceAll('{out}', output)),
        },
      },
    });
    props.tokenSecret?.grantRead(this.fn);
  }
}
