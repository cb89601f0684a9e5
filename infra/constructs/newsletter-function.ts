/**
 * One Lambda of the newsletter: NodejsFunction bundled with local esbuild (no Docker),
 * Node 22 on arm64, CommonJS (index.js) minified with source maps, its own log group (one
 * month), themes.yaml and templates/ copied next to the bundle only for functions that render
 * or read themes, and the token-signing secret only for functions that sign or verify reader
 * links.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `import.meta` in a bundle. The sources are ES modules and some locate files next to
 * themselves from `import.meta.url`; the bundles are CommonJS, where esbuild would leave
 * `import.meta` an empty object (and warn). Here `import.meta.url` is the bundle's own file
 * (file:///var/task/index.js, as it would be in an ESM bundle) and `.dirname` and `.filename`
 * are __dirname and __filename. Anything else on `import.meta` still makes esbuild warn
 * (test/infra/bundling.test.ts fails on any warning).
 */
const IMPORT_META: Record<string, string> = {
  'import.meta.url': 'importMetaUrl',
  'import.meta.dirname': '__dirname',
  'import.meta.filename': '__filename',
};

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
   * NEWSLETTER_SIGNS_LINKS=false tells config.ts that no key is expected.
   */
  tokenSecret?: ISecret;
}

export class NewsletterFunction extends Construct {
  readonly fn: NodejsFunction;
  /** The handler source file bundled, and how (test/infra/bundling.test.ts bundles the same). */
  readonly entry: string;
  readonly bundling: BundlingOptions;

  constructor(scope: Construct, id: string, props: NewsletterFunctionProps) {
    super(scope, id);
    const copies = [`cp ${path.join(ROOT, 'themes.yaml')} {out}/themes.yaml`];
    if (props.templates) copies.push(`cp -r ${path.join(ROOT, 'templates')} {out}/templates`);
    if (props.precompiledOnly) copies.push(`node ${path.join(ROOT, 'bin/run-ts.mjs')} ${path.join(ROOT, 'infra/scripts/precompile-templates.ts')} {out}/templates`);
    this.entry = path.join(ROOT, 'lambdas/handlers', `${props.entry}.ts`);
    this.bundling = {
      minify: true,
      sourceMap: true,
      target: 'node22',
      // CommonJS (index.js) with import.meta defined above. Not ESM: an ESM bundle imports
      // its externals at the top, so the precompiledOnly functions would fail to load on
      // Lambda looking for mjml, which CJS only requires if the code reaches it.
      format: OutputFormat.CJS,
      define: IMPORT_META,
      inject: [path.join(ROOT, 'infra/bundling/import-meta-url.ts')],
      forceDockerBundling: false,
      // The Node 22 runtime ships AWS SDK v3: use it rather than bundling the clients.
      externalModules: props.precompiledOnly ? ['@aws-sdk/*', 'mjml'] : ['@aws-sdk/*'],
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_input: string, output: string) => copies.map((c) => c.replaceAll('{out}', output)),
      },
    };
    this.fn = new NodejsFunction(this, 'Fn', {
      entry: this.entry,
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
      bundling: this.bundling,
    });
    props.tokenSecret?.grantRead(this.fn);
  }
}
