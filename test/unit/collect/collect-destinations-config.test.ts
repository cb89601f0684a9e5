/**
 * The collector's destination policy as configuration reads it: public only on AWS (and the
 * Lambda runtime API refused whatever the list says), loopback and private ranges locally,
 * NEWSLETTER_COLLECT_ALLOW replacing either, a bad entry refused at start-up by name.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lambdas/config.ts';
import { ConfigError } from '../../../lambdas/errors.ts';

const AWS = { AWS_LAMBDA_FUNCTION_NAME: 'collect', NEWSLETTER_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x', AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' };

describe('config.collectDestinations', () => {
  it('allows only public addresses on AWS and names the runtime API', () => {
    const policy = loadConfig(AWS).collectDestinations;
    expect(policy.allowKinds).toEqual([]);
    expect(policy.allowCidrs).toEqual([]);
    expect(policy.deniedEndpoints).toEqual([{ address: '127.0.0.1', port: 9001, name: 'the Lambda runtime API' }]);
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('allows loopback and private ranges on this machine, not link-local', () => {
    const policy = loadConfig({}).collectDestinations;
    expect(policy.allowKinds).toEqual(['loopback', 'private']);
    expect(policy.deniedEndpoints).toEqual([]);
  });

  it('replaces the default with NEWSLETTER_COLLECT_ALLOW', () => {
    expect(loadConfig({ ...AWS, NEWSLETTER_COLLECT_ALLOW: '10.1.0.0/16, fd12::/16' }).collectDestinations).toMatchObject({ allowKinds: [], allowCidrs: ['10.1.0.0/16', 'fd12::/16'] });
    expect(loadConfig({ ...AWS, NEWSLETTER_COLLECT_ALLOW: 'private' }).collectDestinations.allowKinds).toEqual(['private']);
    expect(loadConfig({ NEWSLETTER_COLLECT_ALLOW: 'none' }).collectDestinations).toMatchObject({ allowKinds: [], allowCidrs: [] });
  });

  it('refuses an entry it cannot read, naming the variable', () => {
    expect(() => loadConfig({ NEWSLETTER_COLLECT_ALLOW: 'loopback, intranet' })).toThrow(ConfigError);
    expect(() => loadConfig({ NEWSLETTER_COLLECT_ALLOW: '10.0.0.0/33' })).toThrow(/NEWSLETTER_COLLECT_ALLOW: '10\.0\.0\.0\/33'/);
  });
});
