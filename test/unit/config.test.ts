import { describe, expect, it } from 'vitest';
import { DEV_TOKEN_SECRET, loadConfig } from '../../lambdas/config.ts';
import { ConfigError } from '../../lambdas/errors.ts';

describe('loadConfig', () => {
  it('defaults to the local stack ports and folders', () => {
    // Act
    const config = loadConfig({});
    // Assess
    expect(config.ports).toEqual({ api: 3000, preview: 4300, ses: 8005, dynamo: 8000 });
    expect(config.aws.dynamoEndpoint).toBe('http://127.0.0.1:8000');
    expect(config.corpusDir.endsWith('corpus')).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes NEWSLETTER_NOW as the clock locally, and refuses it on AWS or when it is no time', () => {
    // Act
    const local = loadConfig({ NEWSLETTER_NOW: '2026-06-01T08:00:00Z' });
    // Assess
    expect(local.clock.now().toISOString()).toBe('2026-06-01T08:00:00.000Z');
    expect(loadConfig({ NEWSLETTER_NOW: '2026-06-01' }).clock.now().toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(Math.abs(loadConfig({}).clock.now().getTime() - Date.now())).toBeLessThan(60_000);
    expect(() => loadConfig({ NEWSLETTER_NOW: 'yesterday' })).toThrow(/NEWSLETTER_NOW 'yesterday' is not an ISO time/);
    expect(() => loadConfig({ NEWSLETTER_NOW: '2026-13-45T99:00:00Z' })).toThrow(ConfigError);
    expect(() => loadConfig({ NEWSLETTER_NOW: '2026-06-01T08:00:00Z', AWS_LAMBDA_FUNCTION_NAME: 'fn', NEWSLETTER_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x' })).toThrow(/NEWSLETTER_NOW is refused on AWS/);
    expect(() => loadConfig({ NEWSLETTER_NOW: '2026-06-01T08:00:00Z', NEWSLETTER_AWS: '1', NEWSLETTER_TOKEN_KEYS: 'k1:0123456789abcdef0123456789abcdef0123456789' })).toThrow(/refused on AWS/);
  });

  it('refuses the development token secret on AWS', () => {
    // Act / Assess
    expect(() => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn' })).toThrow(ConfigError);
    expect(() => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', NEWSLETTER_TOKEN_KEYS: `k1:${DEV_TOKEN_SECRET}` })).toThrow(ConfigError);
  });

  it('parses rotating token keys, the first one signing', () => {
    // Act
    const config = loadConfig({ NEWSLETTER_TOKEN_KEYS: 'k2:new-secret,k1:old-secret' });
    // Assess
    expect(config.tokenKeyId).toBe('k2');
    expect(config.tokenKeys.k1).toBe('old-secret');
  });

  it('rejects a non-numeric port with a clear message', () => {
    expect(() => loadConfig({ NEWSLETTER_API_PORT: 'abc' })).toThrow(/NEWSLETTER_API_PORT/);
  });
});

describe('withTokenKeys', () => {
  it('reads the keys Secrets Manager generated, and refuses an empty secret', async () => {
    const { withTokenKeys } = await import('../../lambdas/config.ts');
    const onAws = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', NEWSLETTER_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x' });
    const c = withTokenKeys(onAws, '{"k":"0123456789abcdef0123456789abcdef"}');
    expect(c.tokenKeyId).toBe('k');
    expect(() => withTokenKeys(onAws, '{}')).toThrow(ConfigError);
  });
});

describe('signing keys that are too weak or meant for development', () => {
  it('refuses keys shorter than 32 bytes on AWS, and a one-character secret from Secrets Manager', async () => {
    const { withTokenKeys } = await import('../../lambdas/config.ts');
    expect(() => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', NEWSLETTER_TOKEN_KEYS: 'k1:x' })).toThrow(/at least 32 bytes/);
    const onAws = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', NEWSLETTER_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x' });
    expect(() => withTokenKeys(onAws, '{"k":"x"}')).toThrow(/at least 32 bytes/);
    expect(() => withTokenKeys(onAws, 'k:short-secret')).toThrow(/at least 32 bytes/);
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', NEWSLETTER_TOKEN_KEYS: `k1:${'s'.repeat(32)}` }).tokenKeyId).toBe('k1');
  });

  it('refuses to sign with the development key when the CLI is pointed at AWS', () => {
    expect(() => loadConfig({ NEWSLETTER_AWS: '1' })).toThrow(/development token key is refused when pointed at AWS/);
    expect(loadConfig({ NEWSLETTER_AWS: '1', NEWSLETTER_TOKEN_KEYS: `k1:${'s'.repeat(40)}` }).tokenKeyId).toBe('k1');
  });

  it('refuses prototype-shaped key ids', () => {
    expect(() => loadConfig({ NEWSLETTER_TOKEN_KEYS: '__proto__:secret-secret-secret' })).toThrow(/key id/);
  });
});
