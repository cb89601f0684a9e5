/**
 * The Lambda bundles as `npm run synth` builds them, without the CDK asset staging (which
 * only copies files around, and would double this suite's time): each newsletter function of
 * the stack is bundled by esbuild with the options its construct gives NodejsFunction.
 * esbuild must report nothing (a warning is a line `npm run synth` prints, and most often
 * code that cannot work in the bundle: `import.meta` in a CommonJS bundle is an empty object),
 * `import.meta.url` must be the bundle's own file, and every bundle must load where only what
 * the Lambda runtime provides (Node and the AWS SDK v3) can be resolved.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, formatMessages, type BuildOptions, type BuildResult, type Message } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewsletterFunction } from '../../infra/constructs/newsletter-function.ts';
import { NewsletterStack } from '../../infra/stacks/newsletter-stack.ts';
import { NEWSLETTER_FUNCTIONS, ROOT, themes } from './template-fixture.ts';

/** Options of NodejsFunction's bundling that do not change what esbuild is asked to do. */
const NOT_ESBUILD = new Set(['forceDockerBundling', 'commandHooks']);

/** The esbuild build NodejsFunction runs for these bundling options (aws-lambda-nodejs/lib/bundling.js). */
function esbuildOptions(b: BundlingOptions, outfile: string): BuildOptions {
  const mapped: Record<string, (o: BuildOptions) => void> = {
    minify: (o) => (o.minify = b.minify),
    sourceMap: (o) => (o.sourcemap = b.sourceMap),
    target: (o) => (o.target = b.target),
    format: (o) => (o.format = b.format as BuildOptions['format']),
    mainFields: (o) => (o.mainFields = b.mainFields),
    banner: (o) => (o.banner = { js: b.banner! }),
    footer: (o) => (o.footer = { js: b.footer! }),
    externalModules: (o) => (o.external = b.externalModules),
    define: (o) => (o.define = b.define),
    inject: (o) => (o.inject = b.inject),
    keepNames: (o) => (o.keepNames = b.keepNames),
  };
  const given = Object.keys(b).filter((k) => b[k as keyof BundlingOptions] !== undefined);
  const unknown = given.filter((k) => !(k in mapped) && !NOT_ESBUILD.has(k));
  if (unknown.length) throw new Error(`bundling option(s) ${unknown.join(', ')} not mapped to esbuild in this test: map them`);
  const o: BuildOptions = {
    bundle: true,
    platform: 'node',
    outfile,
    absWorkingDir: ROOT,
    write: false,
    // (what the source maps hold changes no warning; leaving the sources out halves the time)
    sourcesContent: false,
    logLevel: 'silent',
  };
  for (const k of given) mapped[k]?.(o);
  return o;
}

/** esbuild's errors and warnings, formatted as the CLI prints them. */
async function messages(r: { errors: Message[]; warnings: Message[] }): Promise<string[]> {
  return [...(await formatMessages(r.errors, { kind: 'error' })), ...(await formatMessages(r.warnings, { kind: 'warning' }))];
}

let fns: NewsletterFunction[];
/** A directory standing for the Lambda runtime: one folder per bundle, and node_modules holding only @aws-sdk. */
let task: string;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new NewsletterStack(app, 'Newsletter-bundling', { stage: 'dev', domain: 'news.example.org', fromAddress: 'News <news@news.example.org>', inbound: true, sesRate: 14, themes });
  fns = stack.node.findAll().filter((c): c is NewsletterFunction => c instanceof NewsletterFunction);
  task = mkdtempSync(path.join(os.tmpdir(), 'lambda-bundles-'));
  // No package.json above: as in /var/task, a .js file is CommonJS.
  writeFileSync(path.join(task, 'package.json'), '{"type":"commonjs"}');
  mkdirSync(path.join(task, 'node_modules'));
  symlinkSync(path.join(ROOT, 'node_modules/@aws-sdk'), path.join(task, 'node_modules/@aws-sdk'));
}, 60_000);

afterAll(() => {
  if (task) rmSync(task, { recursive: true, force: true });
});

describe('Lambda bundles', () => {
  it('bundles every newsletter function', () => {
    expect(fns.map((f) => path.basename(f.entry, '.ts')).sort()).toEqual(Object.values(NEWSLETTER_FUNCTIONS).map((f) => f.handler).sort());
  });

  it('bundles with no esbuild warning (what npm run synth prints), and every bundle loads with only Node and the AWS SDK at hand', async () => {
    const bundles = await Promise.all(
      fns.map(async (f) => {
        const dir = path.join(task, f.node.id);
        const options = esbuildOptions(f.bundling, path.join(dir, f.bundling.format === 'esm' ? 'index.mjs' : 'index.js'));
        const r: Pick<BuildResult, 'errors' | 'warnings' | 'outputFiles'> = await build({ ...options, entryPoints: [f.entry] }).catch((e: { errors?: Message[]; warnings?: Message[] }) => ({ errors: e.errors ?? [], warnings: e.warnings ?? [], outputFiles: undefined }));
        const code = r.outputFiles?.find((o) => o.path === options.outfile);
        if (code) {
          mkdirSync(dir);
          writeFileSync(code.path, code.contents);
        }
        return { name: f.node.path, file: code?.path, reported: (await messages(r)).map((t) => `${f.node.path} (${path.relative(ROOT, f.entry)}):\n${t}`) };
      }),
    );
    expect(bundles.flatMap((b) => b.reported)).toEqual([]);

    // One process loads them all (as the runtime would: import() of the handler file); what it
    // prints on stderr (the AWS SDK's notice that it will need Node 22) is not shown.
    const files = bundles.map((b) => b.file!);
    const script = `Promise.all(${JSON.stringify(files)}.map((f) => import(require('node:url').pathToFileURL(f).href).then((m) => typeof m.handler, (e) => 'failed: ' + String(e.message).split('\\n')[0]))).then((r) => console.log(JSON.stringify(r)))`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: task, env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-2' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as string[];
    expect(Object.fromEntries(bundles.map((b, i) => [b.name, loaded[i]]))).toEqual(Object.fromEntries(bundles.map((b) => [b.name, 'function'])));
  }, 120_000);

  it('gives code in a bundle its own file as import.meta.url', async () => {
    const f = fns[0];
    const dir = path.join(task, 'probe');
    const options = esbuildOptions(f.bundling, path.join(dir, f.bundling.format === 'esm' ? 'index.mjs' : 'index.js'));
    const r = await build({ ...options, sourcemap: false, stdin: { contents: "export const meta = { url: import.meta.url, sibling: new URL('./x.ts', import.meta.url).href };", resolveDir: ROOT, loader: 'ts', sourcefile: 'probe.ts' } });
    expect(await messages(r)).toEqual([]);
    mkdirSync(dir);
    writeFileSync(options.outfile!, r.outputFiles![0].contents);
    const { meta } = f.bundling.format === 'esm' ? await import(pathToFileURL(options.outfile!).href) : createRequire(import.meta.url)(options.outfile!);
    expect(meta).toEqual({ url: pathToFileURL(options.outfile!).href, sibling: pathToFileURL(path.join(dir, 'x.ts')).href });
  });
});
