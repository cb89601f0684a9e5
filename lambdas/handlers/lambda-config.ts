/**
 * The config of a Lambda: the environment, plus the token keys from Secrets Manager when a
 * secret ARN is set. Functions that sign and verify no reader link (collect, extract, ingest,
 * build-issue, SES events) are deployed without the secret and with
 * NEWSLETTER_SIGNS_LINKS=false: they get a throwaway key of their own process, so the config
 * stays valid and a token they signed by mistake would verify nowhere. A function without
 * that flag and without the secret still fails at start-up (the development key is refused).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig, withTokenKeys, type Config } from '../config.ts';
import { readSecret } from '../adapters/secrets/token-secret.ts';

let cached: Promise<Config> | null = null;

/** The environment loadConfig sees: a throwaway signing key for functions that sign nothing. */
export function lambdaEnvironment(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.NEWSLETTER_SIGNS_LINKS !== 'false' || env.NEWSLETTER_TOKEN_SECRET_ARN || env.NEWSLETTER_TOKEN_KEYS) return env;
  return { ...env, NEWSLETTER_TOKEN_KEYS: `unused:${randomBytes(48).toString('base64url')}` };
}

export function lambdaConfig(): Promise<Config> {
  cached ??= (async () => {
    const config = loadConfig(lambdaEnvironment(process.env));
    return config.aws.tokenSecretArn ? withTokenKeys(config, await readSecret(config.aws.tokenSecretArn, config.aws.region)) : config;
  })();
  return cached;
}
