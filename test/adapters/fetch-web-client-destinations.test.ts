/**
 * SSRF: under the AWS policy the collector refuses loopback, private, link-local and metadata
 * destinations, as literals in every spelling, as names that resolve there, and on every
 * redirect hop, before any connection is attempted; it connects only to the addresses it
 * checked (a DNS answer that changes afterwards is never used). Locally loopback stays open.
 * The server binds 127.0.0.1 only, and a guard refuses any socket to a non-loopback address.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchWebClient, type ResolveHost } from '../../lambdas/adapters/http/fetch-web-client.ts';
import { MemoryCorpusWriter } from '../../lambdas/adapters/memory/memory-corpus-writer.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { LOCAL_DESTINATIONS, STRICT_DESTINATIONS, type DestinationPolicy } from '../../lambdas/domain/collect/destination-policy.ts';
import { WebFetchError } from '../../lambdas/ports/web-client.ts';
import { collectArticles } from '../../lambdas/services/collect-articles.ts';
import { guardConnections, type ConnectionGuard } from '../support/connection-guard.ts';

const PAGE = '<!doctype html><html><head><title>Night trains</title></head><body><p>Sleeper trains are back.</p></body></html>';
let server: http.Server;
let port: number;
let guard: ConnectionGuard;
const hits: string[] = [];

/** The AWS policy, opened just enough to reach this test's server at 127.0.0.1 (and nothing else). */
const awsWithTestServer: DestinationPolicy = { ...STRICT_DESTINATIONS, allowCidrs: ['127.0.0.1/32'] };
/** A resolver for invented names; anything else is not found (the system resolver is never asked). */
const resolver = (answers: Record<string, string[]>): ResolveHost & { calls: string[] } => {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const list = answers[hostname];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
};
const client = (policy: DestinationPolicy, resolve?: ResolveHost) => new FetchWebClient({ policy, resolve, timeoutMs: 3000 });
const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof WebFetchError) return err.reason;
    throw err;
  }
  return 'fetched';
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(p);
    if (p === '/to-metadata') return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }).end();
    if (p === '/to-mapped') return res.writeHead(302, { location: `http://[::ffff:127.0.0.1]:${port}/secret` }).end();
    if (p === '/to-hex') return res.writeHead(301, { location: `http://0x7f000002:${port}/secret` }).end();
    if (p === '/to-internal-name') return res.writeHead(307, { location: `http://intranet.test:${port}/secret` }).end();
    if (p === '/to-ecs') return res.writeHead(302, { location: 'http://169.254.170.2/v2/credentials/x' }).end();
    if (p === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(`<rss version="2.0"><channel><title>Hostile</title>
<item><title>Metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>
<item><title>Preview</title><link>http://127.0.0.1:${port}/secret</link></item>
<item><title>Dynalite</title><link>http://[::1]:${port}/secret</link></item>
<item><title>Redirected</title><link>http://127.0.0.1:${port}/to-mapped</link></item>
<item><title>Fine</title><link>http://127.0.0.1:${port}/page</link></item>
</channel></rss>`);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  guard = guardConnections();
});
afterAll(async () => {
  guard?.restore();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});
beforeEach(() => {
  hits.length = 0;
  guard.reset();
});

describe('under the AWS policy, addresses written as IP literals', () => {
  it.each([
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/', /^refused: 169\.254\.169\.254 is a link-local address \(169\.254\.169\.254\/32, the cloud metadata service\)$/],
    ['the container credentials', 'http://169.254.170.2/v2/credentials/x', /container metadata service/],
    ['loopback', 'http://127.0.0.1:PORT/secret', /^refused: 127\.0\.0\.1 is a loopback address/],
    ['loopback as IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]:PORT/secret', /^refused: ::ffff:7f00:1 is a loopback address .*IPv4-mapped IPv6/],
    ['loopback as one hex number', 'http://0x7f000001:PORT/secret', /^refused: 127\.0\.0\.1 is a loopback/],
    ['loopback as one decimal number', 'http://2130706433:PORT/secret', /^refused: 127\.0\.0\.1 is a loopback/],
    ['loopback in octal', 'http://0177.0.0.1:PORT/secret', /^refused: 127\.0\.0\.1 is a loopback/],
    ['loopback shortened', 'http://127.1:PORT/secret', /^refused: 127\.0\.0\.1 is a loopback/],
    ['IPv6 loopback', 'http://[::1]:PORT/secret', /^refused: ::1 is a loopback/],
    ['the unspecified address', 'http://0:PORT/secret', /^refused: 0\.0\.0\.0 is the unspecified address/],
    ['a private range', 'http://10.0.0.1/', /^refused: 10\.0\.0\.1 is a private address/],
    ['carrier-grade NAT', 'http://100.64.1.1/', /^refused: 100\.64\.1\.1 is a private address \(100\.64\.0\.0\/10, carrier-grade NAT\)/],
    ['IPv6 link-local', 'http://[fe80::1]/', /^refused: fe80::1 is a link-local/],
    ['the IPv6 metadata service', 'http://[fd00:ec2::254]/', /cloud metadata service/],
  ])('%s is refused before any connection', async (_name, url, reason) => {
    // Act
    const why = await reasonOf(client(STRICT_DESTINATIONS).get(url.replace('PORT', String(port))));
    // Assess
    expect(why).toMatch(reason);
    expect(guard.attempts).toEqual([]);
    expect(hits).toEqual([]);
  });
});

describe('under the AWS policy, names and redirects', () => {
  it('refuses a name that resolves to loopback (localhost), and allows it locally', async () => {
    // Act
    const refused = await reasonOf(client(STRICT_DESTINATIONS).get(`http://localhost:${port}/page`));
    const attemptsWhenRefused = [...guard.attempts];
    const local = await client(LOCAL_DESTINATIONS).get(`http://localhost:${port}/page`);
    // Assess
    expect(refused).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(attemptsWhenRefused).toEqual([]);
    expect(local.status).toBe(200);
    expect(Buffer.from(local.body).toString()).toContain('Sleeper trains are back');
  });

  it('refuses a name when any of its addresses is internal, without connecting to the others', async () => {
    // Prepare: one answer allowed (the test server), one the metadata service
    const resolve = resolver({ 'mixed.test': ['127.0.0.1', '169.254.169.254'] });
    // Act
    const why = await reasonOf(client(awsWithTestServer, resolve).get(`http://mixed.test:${port}/page`));
    // Assess
    expect(why).toBe('refused: mixed.test resolves to 169.254.169.254, a link-local address (169.254.169.254/32, the cloud metadata service)');
    expect(guard.attempts).toEqual([]);
    expect(hits).toEqual([]);
  });

  it.each([
    ['the metadata service', '/to-metadata', /^redirected to http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/security-credentials\/: refused: 169\.254\.169\.254 is a link-local address .*cloud metadata service/],
    ['the container credentials', '/to-ecs', /^redirected to http:\/\/169\.254\.170\.2\/.*: refused: 169\.254\.170\.2 is a link-local/],
    ['loopback as IPv4-mapped IPv6', '/to-mapped', /^redirected to http:\/\/\[::ffff:7f00:1\]:\d+\/secret: refused: ::ffff:7f00:1 is a loopback address/],
    ['another loopback address as a hex number', '/to-hex', /^redirected to http:\/\/127\.0\.0\.2:\d+\/secret: refused: 127\.0\.0\.2 is a loopback/],
    ['a name that resolves to a private address', '/to-internal-name', /^redirected to http:\/\/intranet\.test:\d+\/secret: refused: intranet\.test resolves to 10\.1\.2\.3, a private address/],
  ])('refuses a redirect to %s, after the allowed first hop, without connecting there', async (_name, route, reason) => {
    // Prepare: the first hop (this server at 127.0.0.1) is allowed; 127.0.0.1/32 is an IPv4
    // entry, so it does not open the IPv4-mapped IPv6 spelling of the same address.
    const resolve = resolver({ 'intranet.test': ['10.1.2.3'] });
    // Act
    const why = await reasonOf(client(awsWithTestServer, resolve).get(`http://127.0.0.1:${port}${route}`));
    // Assess: one connection, to the first hop; the target was never reached
    expect(why).toMatch(reason);
    expect(hits).toEqual([route]);
    expect(guard.attempts).toEqual([`127.0.0.1:${port}`]);
    expect(guard.blocked).toEqual([]);
  });

  it('connects only to the addresses it checked: a resolver that changes its answer is asked once (DNS rebinding)', async () => {
    // Prepare: first answer the allowed test server, every later answer the metadata service
    let calls = 0;
    const rebinding: ResolveHost = async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]);
    // Act
    const res = await client(awsWithTestServer, rebinding).get(`http://rebind.test:${port}/page`);
    // Assess: fetched from the checked address; the name was resolved once, by the check
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
    expect(guard.attempts).toEqual([`127.0.0.1:${port}`]);
    expect(hits).toEqual(['/page']);
  });

  it('refuses the Lambda runtime API on AWS even when the configuration opens loopback', async () => {
    // Prepare: as in a Lambda whose runtime API were this server, with loopback allowed
    const config = loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'collect', NEWSLETTER_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:1:secret:x', AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`, NEWSLETTER_COLLECT_ALLOW: 'loopback' });
    // Act
    const why = await reasonOf(client(config.collectDestinations).get(`http://127.0.0.1:${port}/2018-06-01/runtime/invocation/next`));
    // Assess
    expect(why).toMatch(/^refused: 127\.0\.0\.1 is the Lambda runtime API/);
    expect(guard.attempts).toEqual([]);
  });
});

describe('collect under the AWS policy', () => {
  it('reports every refused destination as skipped, never a crash, and keeps the allowed page', async () => {
    // Prepare
    const corpus = new MemoryCorpusWriter();
    // Act
    const report = await collectArticles({ web: client(awsWithTestServer), corpus, clock: { now: () => new Date('2026-12-01T00:00:00Z') } }, { feeds: [{ url: `http://127.0.0.1:${port}/feed.xml`, name: null }] });
    // Assess
    expect(report.feeds).toEqual([{ url: `http://127.0.0.1:${port}/feed.xml`, items: 5, status: 'ok' }]);
    expect(report.fetched.map((f) => f.url).sort()).toEqual([`http://127.0.0.1:${port}/page`, `http://127.0.0.1:${port}/secret`].sort());
    expect(report.skipped).toEqual(expect.arrayContaining([
      { url: 'http://169.254.169.254/latest/meta-data/', reason: expect.stringMatching(/^refused: 169\.254\.169\.254 is a link-local address .*metadata/) },
      { url: `http://[::1]:${port}/secret`, reason: expect.stringMatching(/^refused: ::1 is a loopback address/) },
      { url: `http://127.0.0.1:${port}/to-mapped`, reason: expect.stringMatching(/^redirected to .*: refused: ::ffff:7f00:1 is a loopback address/) },
    ]));
    expect(guard.blocked).toEqual([]);
    expect(guard.attempts.every((a) => a === `127.0.0.1:${port}`)).toBe(true);
  });

  it('with the plain AWS policy, refuses the local server itself', async () => {
    // Act
    const report = await collectArticles({ web: client(STRICT_DESTINATIONS), corpus: new MemoryCorpusWriter(), clock: { now: () => new Date() } }, { urls: [`http://127.0.0.1:${port}/page`, `http://localhost:${port}/page`] });
    // Assess
    expect(report.fetched).toEqual([]);
    expect(report.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback/), expect.stringMatching(/^refused: localhost resolves to .*loopback/)]);
    expect(guard.attempts).toEqual([]);
    expect(hits).toEqual([]);
  });
});
