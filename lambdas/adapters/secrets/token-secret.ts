/** Reads the token signing keys from Secrets Manager (cached for the life of the Lambda container). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const cache = new Map<string, Promise<string>>();

/** The secret's string value. */
export function readSecret(arn: string, region: string): Promise<string> {
  let p = cache.get(arn);
  if (!p) {
    p = new SecretsManagerClient({ region }).send(new GetSecretValueCommand({ SecretId: arn })).then((r) => r.SecretString ?? '');
    cache.set(arn, p);
  }
  return p;
}
