/**
 * The config of a Lambda: the environment (config.ts, which also gives functions that sign no
 * reader link a throwaway key), plus the token keys from Secrets Manager when a secret ARN is set.
 */
import { loadConfig, withTokenKeys, type Config } from '../config.ts';
import { readSecret } from '../adapters/secrets/token-secret.ts';

let cached: Promise<Config> | null = null;

export function lambdaConfig(): Promise<Config> {
  cached ??= (async () => {
    const config = loadConfig();
    return config.aws.tokenSecretArn ? withTokenKeys(config, await readSecret(config.aws.tokenSecretArn, config.aws.region)) : config;
  })();
  return cached;
}
