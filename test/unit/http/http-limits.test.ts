/**
 * The limits both local servers (API and preview) are built with: a request that never
 * completes is answered 408 within the 10 s request timeout, and the Host check.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHostNames, createLimitedServer, hostAllowed } from '../../../lambdas/local/http-limits.ts';

let server: ReturnType<typeof createLimitedServer>;
let port = 0;

beforeAll(async () => {
  // Like the API and the preview, the handler answers once the whole body is in.
  server = createLimitedServer((req, res) => {
    req.on('end', () => res.end('ok'));
    req.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('a limited server', () => {
  it('answers a request whose body never completes with 408 (the test timeout, 25 s, bounds it)', async () => {
    // Act
    const status = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n{"a'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 'none'));
    });
    // Assess
    expect(status).toBe('408');
  }, 25_000);
});

describe('hostAllowed', () => {
  it.each([
    ['127.0.0.1:3000', true],
    ['localhost', true],
    ['[::1]:4300', true],
    ['news.example.org', true],
    ['attacker.example:3000', false],
    [undefined, false],
  ])('%s -> %s', (host, ok) => {
    // Act / Assess
    expect(hostAllowed(host, allowedHostNames(['https://news.example.org']))).toBe(ok);
  });
});
