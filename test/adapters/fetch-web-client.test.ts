/**
 * FetchWebClient over node:http: compressed bodies (gzip, br) are decoded, and the 5 MB cap
 * counts decoded bytes, so a small compressed bomb is stopped; an unknown encoding is a
 * reason, not garbage in the corpus. The server binds 127.0.0.1 on a free port.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FetchWebClient } from '../../lambdas/adapters/http/fetch-web-client.ts';
import { LOCAL_DESTINATIONS } from '../../lambdas/domain/collect/destination-policy.ts';
import { WebFetchError } from '../../lambdas/ports/web-client.ts';

const PAGE = '<!doctype html><title>Night trains</title><p>Sleeper trains are back.</p>';
let server: http.Server;
let base = '';
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers['accept-encoding']);
    const p = req.url;
    if (p === '/gzip') return res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync(PAGE));
    if (p === '/br') return res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'br' }).end(zlib.brotliCompressSync(PAGE));
    if (p === '/deflate') return res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' }).end(zlib.deflateSync(PAGE));
    if (p === '/bomb') return res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 'a')));
    if (p === '/odd') return res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'compress' }).end('xx');
    res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

const client = () => new FetchWebClient({ policy: LOCAL_DESTINATIONS, timeoutMs: 3000 });

it.each(['/plain', '/gzip', '/br', '/deflate'])('reads %s as the page it is', async (route) => {
  // Act
  const res = await client().get(`${base}${route}`);
  // Assess
  expect(res.status).toBe(200);
  expect(Buffer.from(res.body).toString()).toBe(PAGE);
  expect(seen.at(-1)).toBe('gzip, br');
});

it('stops a compressed body at 5 MB of decoded bytes', async () => {
  await expect(client().get(`${base}/bomb`)).rejects.toThrow(/over the 5 MB limit/);
});

it('refuses an encoding it cannot decode', async () => {
  await expect(client().get(`${base}/odd`)).rejects.toThrow(WebFetchError);
  await expect(client().get(`${base}/odd`)).rejects.toThrow(/unsupported content-encoding compress/);
});

it('keeps the response headers collect needs', async () => {
  const res = await client().get(`${base}/plain`);
  expect(res).toMatchObject({ url: `${base}/plain`, contentType: 'text/html', etag: '"v1"' });
});
