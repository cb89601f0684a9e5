/**
 * A Secrets Manager stand-in for the Lambda harness: answers GetSecretValue (the JSON
 * protocol of the AWS SDK v3) with the secrets it was given, by ARN or name.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startSecretsStandIn(secrets: Record<string, string>): Promise<{ endpoint: string; reads: number; stop(): Promise<void> }> {
  const state = { endpoint: '', reads: 0, stop: async () => undefined as void };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
    const value = input.SecretId ? secrets[input.SecretId] : undefined;
    res.writeHead(value === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' });
    if (value === undefined) return res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Secrets Manager can not find the specified secret.' }));
    state.reads++;
    res.end(JSON.stringify({ ARN: input.SecretId, Name: input.SecretId, SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: Date.now() / 1000 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
