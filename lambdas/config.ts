/**
 * Configuration: the only reader of process.env. Parses the environment (and CLI flags passed
 * in) into one typed, frozen object, validates it once at start-up, and is passed down.
 * Tests build configs directly with `loadConfig({}, {...})`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { LOCAL_DESTINATIONS, parseAllowList, runtimeApiEndpoint, STRICT_DESTINATIONS, type DestinationPolicy } from './domain/collect/destination-policy.ts';
import { ConfigError } from './errors.ts';
import { fixedClock, systemClock, type Clock } from './ports/clock.ts';

/** Development token secret; refused when running on AWS. */
export const DEV_TOKEN_SECRET = 'dev-only-secret-change-me';
/** Development bearer token for POST /sends locally; refused when running on AWS. */
export const DEV_API_TOKEN = 'dev-api-token';

export interface Config {
  corpusDir: string;
  themesFile: string;
  dataDir: string;
  /** Folder of the MJML templates (templates/<name>/template.mjml). */
  templatesDir: string;
  /** Name of the newsletter shown in mails. */
  newsletterName: string;
  /** Public base URL used for every link in mail (no trailing slash). */
  publicBaseUrl: string;
  /** Origins whose forms may post to the API besides its own (the archive's, on AWS). */
  trustedOrigins: readonly string[];
  fromAddress: string;
  /** Feedback-ID's sender id (Gmail Feedback Loop; NEWSLETTER_FEEDBACK_SENDER_ID); the From domain when null. */
  feedbackSenderId: string | null;
  /** Postal line shown in every mail footer. */
  postalAddress: string;
  /** Inbound address (enables the mailto: List-Unsubscribe and subscribe-by-email). */
  inboundAddress: string | null;
  /** Token signing keys by key id, and the id used to sign new tokens. */
  tokenKeys: Readonly<Record<string, string>>;
  tokenKeyId: string;
  /** Hours a confirmation token stays valid. */
  confirmTokenTtlHours: number;
  /** Bearer token for POST /sends when not on AWS. */
  apiBearerToken: string;
  /** SES maximum send rate (messages per second). */
  sesMaxSendRate: number;
  /** Send workers that may run at once (the account's quota is shared among them). */
  sendWorkers: number;
  /** SES client timeouts: to open a connection, and for the whole request once written. */
  sesConnectTimeoutMs: number;
  sesRequestTimeoutMs: number;
  /** Sends in flight at once inside one worker (the token bucket still paces them). */
  sendConcurrency: number;
  /** True inside AWS Lambda. */
  runningOnAws: boolean;
  /** The current time: the system clock, or NEWSLETTER_NOW locally (tests, previews, benchmarks). */
  clock: Clock;
  /**
   * The API sits behind CloudFront (the stack's public site): the reader's address is the
   * `CloudFront-Viewer-Address` header, not the connection's (which is CloudFront's).
   */
  behindCloudFront: boolean;
  /**
   * Where collect may connect (SSRF): on AWS public addresses only, locally loopback and
   * private ranges too; NEWSLETTER_COLLECT_ALLOW replaces the default.
   */
  collectDestinations: DestinationPolicy;
  ports: Readonly<{ api: number; preview: number; ses: number; dynamo: number }>;
  aws: Readonly<{
    region: string;
    /** Endpoint overrides for the local stack (dynalite, SES emulator); null on AWS. */
    dynamoEndpoint: string | null;
    sesEndpoint: string | null;
    /** An S3 stand-in's address (NEWSLETTER_S3_ENDPOINT), or null for AWS. */
    s3Endpoint: string | null;
    tableName: string;
    corpusBucket: string | null;
    issuesBucket: string | null;
    /** The public archive's bucket (behind CloudFront), on AWS. */
    archiveBucket: string | null;
    /** Prefix of the incremental corpus index in the corpus bucket. */
    indexPrefix: string;
    sendQueueUrl: string | null;
    deadLetterQueueUrl: string | null;
    configurationSet: string | null;
    inboundBucket: string | null;
    inboundPrefix: string;
    /** Secrets Manager secret holding the token keys ("kid:secret,..."), on AWS. */
    tokenSecretArn: string | null;
  }>;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Flags a CLI command may pass to override the environment. */
export interface ConfigOverrides {
  corpus?: string;
  themes?: string;
  data?: string;
}

function int(env: Record<string, string | undefined>, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number, got '${raw}'`);
  return n;
}

function parseKeys(raw: string | undefined): Record<string, string> | null {
  if (!raw) return null;
  // Format: "kid1:secret1,kid2:secret2" (first one signs) or a bare secret (kid "k1").
  const out: Record<string, string> = {};
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = part.indexOf(':');
    const kid = i > 0 ? part.slice(0, i) : 'k1';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid) || kid === '__proto__') throw new ConfigError(`NEWSLETTER_TOKEN_KEYS: key id '${kid.slice(0, 20)}' must be letters, digits, - or _`);
    Object.defineProperty(out, kid, { value: i > 0 ? part.slice(i + 1) : part, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length ? out : null;
}

/**
 * Builds the configuration from an environment and CLI overrides.
 * @param env usually `process.env`
 * @param overrides flags such as `--corpus`, `--themes`, `--data`
 * @throws ConfigError when a value is unusable (e.g. a development secret on AWS)
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: ConfigOverrides = {}): Config {
  const runningOnAws = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  const ports = {
    api: int(env, 'NEWSLETTER_API_PORT', 3000),
    preview: int(env, 'NEWSLETTER_PREVIEW_PORT', 4300),
    ses: int(env, 'NEWSLETTER_SES_PORT', 8005),
    dynamo: int(env, 'NEWSLETTER_DYNAMO_PORT', 8000),
  };
  const keys = parseKeys(env.NEWSLETTER_TOKEN_KEYS) ?? (signsNoLinks(env) ? { unused: randomBytes(48).toString('base64url') } : { dev: DEV_TOKEN_SECRET });
  const tokenKeyId = Object.keys(keys)[0];
  const apiBearerToken = env.NEWSLETTER_API_TOKEN ?? DEV_API_TOKEN;
  // On AWS the keys come from Secrets Manager (withTokenKeys) when a secret ARN is configured.
  if (runningOnAws && !env.NEWSLETTER_TOKEN_SECRET_ARN && Object.values(keys).includes(DEV_TOKEN_SECRET)) {
    throw new ConfigError('the development token secret is refused on AWS', 'set NEWSLETTER_TOKEN_KEYS from Secrets Manager');
  }
  // Pointed at AWS from this machine (NEWSLETTER_AWS=1), links signed with the development
  // key would be valid for anyone who reads this code: refuse, as on AWS itself.
  if (!runningOnAws && env.NEWSLETTER_AWS === '1' && Object.values(keys).includes(DEV_TOKEN_SECRET)) {
    throw new ConfigError('the development token key is refused when pointed at AWS (NEWSLETTER_AWS=1)', 'set NEWSLETTER_TOKEN_KEYS to the keys of the deployment (kid:secret of 32+ bytes)');
  }
  if ((runningOnAws || env.NEWSLETTER_AWS === '1') && env.NEWSLETTER_TOKEN_KEYS) assertStrongKeys(keys);
  if (runningOnAws && apiBearerToken === DEV_API_TOKEN && env.NEWSLETTER_API_TOKEN !== undefined) {
    throw new ConfigError('the development API token is refused on AWS', 'use IAM auth for POST /sends');
  }
  const local = !runningOnAws && env.NEWSLETTER_AWS !== '1';
  const publicBaseUrl = (env.NEWSLETTER_PUBLIC_URL ?? `http://127.0.0.1:${ports.api}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicBaseUrl)) throw new ConfigError(`NEWSLETTER_PUBLIC_URL must be an http(s) URL, got '${publicBaseUrl}'`);
  const level = (env.NEWSLETTER_LOG_LEVEL ?? 'info') as Config['logLevel'];
  const config: Config = {
    corpusDir: path.resolve(overrides.corpus ?? env.NEWSLETTER_CORPUS ?? 'corpus'),
    themesFile: path.resolve(overrides.themes ?? env.NEWSLETTER_THEMES ?? 'themes.yaml'),
    dataDir: path.resolve(overrides.data ?? env.NEWSLETTER_DATA ?? '.data'),
    templatesDir: path.resolve(env.NEWSLETTER_TEMPLATES ?? 'templates'),
    newsletterName: env.NEWSLETTER_NAME ?? 'The Themed Newsletter',
    publicBaseUrl,
    trustedOrigins: Object.freeze((env.NEWSLETTER_ARCHIVE_URL ?? '').split(',').map((u) => u.trim()).filter((u) => /^https?:\/\//.test(u)).map((u) => new URL(u).origin)),
    fromAddress: env.NEWSLETTER_FROM ?? 'The Themed Newsletter <newsletter@example.com>',
    feedbackSenderId: feedbackSenderId(env.NEWSLETTER_FEEDBACK_SENDER_ID),
    postalAddress: env.NEWSLETTER_POSTAL ?? 'The Themed Newsletter, 1 Example Street, London EC1A 1AA, United Kingdom',
    inboundAddress: env.NEWSLETTER_INBOUND_ADDRESS || null,
    tokenKeys: Object.freeze(keys),
    tokenKeyId,
    confirmTokenTtlHours: int(env, 'NEWSLETTER_CONFIRM_TTL_HOURS', 48),
    apiBearerToken,
    sesMaxSendRate: int(env, 'NEWSLETTER_SES_RATE', 100),
    sendWorkers: int(env, 'NEWSLETTER_SEND_WORKERS', 1),
    sesConnectTimeoutMs: int(env, 'NEWSLETTER_SES_CONNECT_TIMEOUT_MS', 2_000),
    sesRequestTimeoutMs: int(env, 'NEWSLETTER_SES_REQUEST_TIMEOUT_MS', 10_000),
    sendConcurrency: int(env, 'NEWSLETTER_SEND_CONCURRENCY', 16),
    runningOnAws,
    clock: clockOf(env.NEWSLETTER_NOW, runningOnAws || env.NEWSLETTER_AWS === '1'),
    behindCloudFront: env.NEWSLETTER_BEHIND_CLOUDFRONT === 'true',
    collectDestinations: collectDestinations(env, runningOnAws),
    ports: Object.freeze(ports),
    aws: Object.freeze({
      region: env.AWS_REGION ?? 'eu-west-2',
      dynamoEndpoint: env.NEWSLETTER_DYNAMO_ENDPOINT ?? (local ? `http://127.0.0.1:${ports.dynamo}` : null),
      sesEndpoint: env.NEWSLETTER_SES_ENDPOINT ?? (local ? `http://127.0.0.1:${ports.ses}` : null),
      // An S3 stand-in (the Lambda harness's emulator): path-style requests to this address.
      s3Endpoint: env.NEWSLETTER_S3_ENDPOINT ?? null,
      tableName: env.NEWSLETTER_TABLE ?? 'newsletter',
      corpusBucket: env.NEWSLETTER_CORPUS_BUCKET ?? null,
      issuesBucket: env.NEWSLETTER_ISSUES_BUCKET ?? null,
      archiveBucket: env.NEWSLETTER_ARCHIVE_BUCKET ?? null,
      indexPrefix: env.NEWSLETTER_INDEX_PREFIX ?? 'index/',
      sendQueueUrl: env.NEWSLETTER_SEND_QUEUE_URL ?? null,
      deadLetterQueueUrl: env.NEWSLETTER_DLQ_URL ?? null,
      configurationSet: env.NEWSLETTER_SES_CONFIGURATION_SET ?? null,
      inboundBucket: env.NEWSLETTER_INBOUND_BUCKET ?? null,
      inboundPrefix: env.NEWSLETTER_INBOUND_PREFIX ?? 'inbound/',
      tokenSecretArn: env.NEWSLETTER_TOKEN_SECRET_ARN ?? null,
    }),
    logLevel: ['debug', 'info', 'warn', 'error'].includes(level) ? level : 'info',
  };
  return Object.freeze(config);
}

/**
 * The clock: NEWSLETTER_NOW (an ISO time) stands in for now on this machine, so a test, a
 * preview or a benchmark sees the corpus as on that day. Refused on AWS, where a wrong clock
 * would send the wrong period.
 * @throws ConfigError when the value is not an ISO time, or when set on AWS
 */
function clockOf(raw: string | undefined, onAws: boolean): Clock {
  if (raw === undefined || raw === '') return systemClock;
  if (onAws) throw new ConfigError('NEWSLETTER_NOW is refused on AWS', 'unset it; it is for local tests, previews and benchmarks');
  const at = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw) ? new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : null;
  if (!at || Number.isNaN(at.getTime())) throw new ConfigError(`NEWSLETTER_NOW '${raw.slice(0, 40)}' is not an ISO time`, 'use e.g. 2026-06-01T08:00:00Z');
  return fixedClock(at);
}

/**
 * The collector's destination policy. NEWSLETTER_COLLECT_ALLOW lists what may be fetched
 * besides public addresses: kinds (loopback, private, link-local, ...) and ranges
 * ("10.1.0.0/16"), or "none"; it replaces the default (nothing on AWS; loopback and private
 * locally). On AWS the Lambda runtime API stays refused whatever the list says.
 * @throws ConfigError naming an entry that is neither a kind nor a range
 */
function collectDestinations(env: Record<string, string | undefined>, runningOnAws: boolean): DestinationPolicy {
  const raw = env.NEWSLETTER_COLLECT_ALLOW?.trim();
  let allow: Pick<DestinationPolicy, 'allowKinds' | 'allowCidrs'> = runningOnAws ? STRICT_DESTINATIONS : LOCAL_DESTINATIONS;
  if (raw) {
    const parsed = parseAllowList(raw);
    if (parsed.invalid.length) throw new ConfigError(`NEWSLETTER_COLLECT_ALLOW: '${parsed.invalid[0].slice(0, 60)}' is neither an address kind nor a range`, 'list kinds (loopback, private, link-local, unspecified, multicast, reserved), ranges such as 10.1.0.0/16 or fd12::/16, or none');
    allow = parsed;
  }
  const runtime = runningOnAws ? runtimeApiEndpoint(env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001') : null;
  return Object.freeze({
    allowKinds: Object.freeze([...allow.allowKinds]),
    allowCidrs: Object.freeze([...allow.allowCidrs]),
    deniedEndpoints: Object.freeze(runtime ? [Object.freeze(runtime)] : []),
  });
}

/**
 * NEWSLETTER_FEEDBACK_SENDER_ID: the last field of every issue mail's Feedback-ID, null when unset.
 * @throws ConfigError when it holds anything but letters, digits, '.', '_' or '-' (':' separates the fields)
 */
function feedbackSenderId(raw: string | undefined): string | null {
  const v = raw?.trim();
  if (!v) return null;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(v)) throw new ConfigError(`NEWSLETTER_FEEDBACK_SENDER_ID must be 1 to 64 letters, digits, '.', '_' or '-', got '${v.slice(0, 40)}'`, "it is Feedback-ID's sender field, whose fields are separated by ':'; leave it unset to use the From domain");
  return v;
}

/**
 * Whether this function signs and verifies no reader link (collect, extract, ingest,
 * build-issue, SES events: deployed without the secret and with NEWSLETTER_SIGNS_LINKS=false).
 * It gets a throwaway key of its own process, so its config stays valid and a token it signed
 * by mistake would verify nowhere; a function without the flag and without a key still fails
 * at start-up on AWS (the development key is refused).
 */
function signsNoLinks(env: Record<string, string | undefined>): boolean {
  return env.NEWSLETTER_SIGNS_LINKS === 'false' && !env.NEWSLETTER_TOKEN_SECRET_ARN;
}

/** Shortest token signing key accepted on AWS, in bytes (HMAC-SHA256 wants at least its 32-byte output). */
export const MIN_KEY_BYTES = 32;

/** @throws ConfigError when a key is shorter than MIN_KEY_BYTES */
function assertStrongKeys(keys: Record<string, string>): void {
  for (const [kid, secret] of Object.entries(keys)) {
    if (Buffer.byteLength(secret) < MIN_KEY_BYTES) throw new ConfigError(`token key '${kid}' is ${Buffer.byteLength(secret)} bytes; keys of at least ${MIN_KEY_BYTES} bytes are required on AWS`, 'generate one with: openssl rand -base64 48');
  }
}

/**
 * The config with token keys read from a secret (JSON {"kid": "secret"}, or "kid:secret,kid2:secret2").
 * @throws ConfigError when the secret holds no key
 */
export function withTokenKeys(config: Config, secretValue: string): Config {
  // Secrets Manager generates JSON ({"k1": "..."}); the plain "kid:secret" form works too.
  let keys: Record<string, string> | null = null;
  if (secretValue.trim().startsWith('{')) {
    const parsed = JSON.parse(secretValue) as Record<string, unknown>;
    keys = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => typeof v === 'string' && k !== '__proto__')) as Record<string, string>;
    if (!Object.keys(keys).length) keys = null;
  } else keys = parseKeys(secretValue);
  if (!keys || Object.values(keys).includes(DEV_TOKEN_SECRET)) throw new ConfigError('the token secret is empty or the development secret');
  assertStrongKeys(keys);
  return Object.freeze({ ...config, tokenKeys: Object.freeze(keys), tokenKeyId: Object.keys(keys)[0] });
}

/** Whether stack traces should be printed (NEWSLETTER_DEBUG=1), for the CLI's error handler. */
export function debugEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.NEWSLETTER_DEBUG === '1';
}
