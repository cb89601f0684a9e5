/**
 * WebClient over node:http(s) with the collector's limits: a timeout per request (DNS,
 * connect, headers and body), at most 5 redirects (followed by hand, each target checked),
 * responses cut off at 5 MB (after decompression), at most 2 requests at a time per host, a
 * User-Agent naming the product, conditional requests (If-None-Match / If-Modified-Since),
 * and the destination policy (SSRF): before every hop the host is resolved once, every
 * address it resolves to is checked, and the socket connects only to those checked
 * addresses (a pinned lookup), so a DNS answer that changes between check and connect
 * (rebinding) is never used. IP literals are checked as they are; they need no DNS.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { unfetchableReason } from '../../domain/collect/corpus-path.ts';
import { destinationRefusal, ipLiteralOf, STRICT_DESTINATIONS, type DestinationPolicy } from '../../domain/collect/destination-policy.ts';
import { WebFetchError, type WebClient, type WebRequest, type WebResponse } from '../../ports/web-client.ts';

export interface WebClientLimits {
  timeoutMs: number;
  maxRedirects: number;
  maxBytes: number;
  perHost: number;
  userAgent: string;
}

export const DEFAULT_WEB_LIMITS: WebClientLimits = {
  timeoutMs: 10_000,
  maxRedirects: 5,
  maxBytes: 5 * 1024 * 1024,
  perHost: 2,
  userAgent: 'ThemedNewsletter-collect/0.1 (article collector of a themed newsletter)',
};

/** Resolves a host name to every address it has (dns.lookup with all: true by default). */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export interface FetchWebClientOptions extends Partial<WebClientLimits> {
  /** Where the client may connect; config.collectDestinations. Default: public addresses only. */
  policy?: DestinationPolicy;
  /** The resolver (tests inject one; its answers are the only addresses ever connected to). */
  resolve?: ResolveHost;
}

const systemResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A counting semaphore per host. */
class HostGate {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  constructor(private readonly limit: number) {}
  async enter(host: string): Promise<void> {
    const n = this.active.get(host) ?? 0;
    if (n < this.limit) {
      this.active.set(host, n + 1);
      return;
    }
    await new Promise<void>((resolve) => this.waiting.set(host, [...(this.waiting.get(host) ?? []), resolve]));
  }
  leave(host: string): void {
    const next = this.waiting.get(host)?.shift();
    if (next) return next(); // the slot passes to the next waiter
    this.active.set(host, (this.active.get(host) ?? 1) - 1);
  }
}

function describe(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  const code = e?.code ?? e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection reset';
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return 'host unreachable';
  return (e?.cause?.message ?? e?.message ?? String(err)).split('\n')[0];
}

/**
 * A lookup that answers only the addresses already checked, for net.connect: the socket
 * cannot reach an address the policy did not see. Honours `family` and `all` (happy eyeballs).
 */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const list = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : [...addresses];
    if (!list.length) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '');
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  };
}

/** Where one hop connects: the checked addresses of a name, or nothing to pin for an IP literal. */
interface Target {
  pinned: LookupAddress[] | null;
}

export class FetchWebClient implements WebClient {
  private readonly limits: WebClientLimits;
  private readonly policy: DestinationPolicy;
  private readonly resolve: ResolveHost;
  private readonly gate: HostGate;
  /** Requests started, per host, at most `perHost` at once (for tests and the report). */
  readonly peakPerHost = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();

  constructor(options: FetchWebClientOptions = {}) {
    const { policy, resolve, ...limits } = options;
    this.limits = { ...DEFAULT_WEB_LIMITS, ...limits };
    this.policy = policy ?? STRICT_DESTINATIONS;
    this.resolve = resolve ?? systemResolve;
    this.gate = new HostGate(this.limits.perHost);
  }

  async get(url: string, req: WebRequest = {}): Promise<WebResponse> {
    let current = url;
    const seen = new Set<string>();
    for (let hop = 0; ; hop++) {
      const refused = unfetchableReason(current);
      if (refused) throw new WebFetchError(hop ? `redirected to a refused address: ${refused}` : refused);
      if (seen.has(current)) throw new WebFetchError('redirect loop');
      seen.add(current);
      const started = Date.now();
      let target: Target;
      try {
        target = await this.vet(current);
      } catch (err) {
        if (hop && err instanceof WebFetchError) throw new WebFetchError(`redirected to ${current}: ${err.reason}`);
        throw err;
      }
      // DNS and the request share one timeout.
      const r = await this.once(current, req, target, Math.max(1, this.limits.timeoutMs - (Date.now() - started)));
      if ('location' in r) {
        if (hop >= this.limits.maxRedirects) throw new WebFetchError(`more than ${this.limits.maxRedirects} redirects`);
        current = new URL(r.location, current).href;
        continue;
      }
      return r;
    }
  }

  /**
   * Checks where an address would connect, resolving a host name once.
   * @throws WebFetchError "refused: ..." when the literal or any resolved address is not allowed
   */
  private async vet(url: string): Promise<Target> {
    const u = new URL(url);
    const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    const literal = ipLiteralOf(u.hostname);
    if (literal) {
      const refusal = destinationRefusal(literal, this.policy, port);
      if (refusal) throw new WebFetchError(`refused: ${literal} is ${refusal.description}`);
      return { pinned: null };
    }
    let addresses: LookupAddress[];
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        this.resolve(u.hostname),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new WebFetchError(`timed out after ${this.limits.timeoutMs / 1000} s resolving ${u.hostname}`)), this.limits.timeoutMs);
        }),
      ]);
    } catch (err) {
      throw err instanceof WebFetchError ? err : new WebFetchError(describe(err));
    } finally {
      clearTimeout(timer);
    }
    if (!addresses.length) throw new WebFetchError('host not found');
    // Every address, not just the first: the socket may try any of them (happy eyeballs).
    for (const a of addresses) {
      const refusal = destinationRefusal(a.address, this.policy, port);
      if (refusal) throw new WebFetchError(`refused: ${u.hostname} resolves to ${a.address}, ${refusal.description}`);
    }
    return { pinned: addresses.map((a) => ({ address: a.address, family: a.family })) };
  }

  private async once(url: string, req: WebRequest, target: Target, timeoutMs: number): Promise<WebResponse | { location: string }> {
    const u = new URL(url);
    const host = u.host;
    await this.gate.enter(host);
    const now = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, now);
    this.peakPerHost.set(host, Math.max(this.peakPerHost.get(host) ?? 0, now));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), timeoutMs);
    const timedOut = () => new WebFetchError(`timed out after ${this.limits.timeoutMs / 1000} s`);
    try {
      const headers: Record<string, string> = {
        'user-agent': this.limits.userAgent,
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5',
        'accept-encoding': 'gzip, br',
      };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;
      let res: http.IncomingMessage;
      try {
        res = await this.request(u, headers, target, controller.signal);
      } catch (err) {
        throw controller.signal.aborted ? timedOut() : new WebFetchError(describe(err));
      }
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        res.destroy();
        const location = res.headers.location;
        if (!location) throw new WebFetchError(`HTTP ${status} without a Location`);
        return { location };
      }
      const header = (name: string) => {
        const v = res.headers[name];
        return (Array.isArray(v) ? v[0] : v) ?? null;
      };
      const meta = { url, contentType: header('content-type'), etag: header('etag'), lastModified: header('last-modified') };
      if (status === 304) {
        res.destroy();
        return { status: 304, ...meta, body: new Uint8Array() };
      }
      if (status !== 200) {
        res.destroy();
        throw new WebFetchError(`HTTP ${status}`);
      }
      const declared = Number(header('content-length') ?? NaN);
      if (declared > this.limits.maxBytes) {
        res.destroy();
        throw new WebFetchError(`response is ${(declared / 1048576).toFixed(1)} MB, over the ${this.limits.maxBytes / 1048576} MB limit`);
      }
      const body = await this.readCapped(this.decoded(res), controller);
      return { status: 200, ...meta, body };
    } finally {
      clearTimeout(timer);
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
      this.gate.leave(host);
    }
  }

  /** One GET, its socket connected only to the checked addresses; resolves at the headers. */
  private request(u: URL, headers: Record<string, string>, target: Target, signal: AbortSignal): Promise<http.IncomingMessage> {
    const options: https.RequestOptions = {
      method: 'GET',
      protocol: u.protocol,
      hostname: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port || undefined,
      path: `${u.pathname}${u.search}`,
      headers,
      signal,
      // A fresh agent per request: no kept-alive socket, opened by anyone for any address, is reused.
      agent: false,
      ...(target.pinned ? { lookup: pinnedLookup(target.pinned) } : {}),
    };
    return new Promise((resolve, reject) => {
      const req = (u.protocol === 'https:' ? https : http).request(options, resolve);
      req.on('error', reject);
      req.end();
    });
  }

  /** The body with its Content-Encoding undone (gzip, deflate, br), or as it came. */
  private decoded(res: http.IncomingMessage): Readable {
    const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (!encoding || encoding === 'identity') return res;
    const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : null;
    if (!decoder) {
      res.destroy();
      throw new WebFetchError(`unsupported content-encoding ${encoding.slice(0, 40)}`);
    }
    pipeline(res, decoder, () => undefined); // errors surface on the decoder, read below
    return decoder;
  }

  private async readCapped(body: Readable, controller: AbortController): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        total += chunk.byteLength;
        if (total > this.limits.maxBytes) {
          controller.abort();
          throw new WebFetchError(`response over the ${this.limits.maxBytes / 1048576} MB limit; stopped reading`);
        }
        chunks.push(chunk);
      }
    } catch (err) {
      if (err instanceof WebFetchError) throw err;
      throw new WebFetchError(controller.signal.aborted ? `timed out after ${this.limits.timeoutMs / 1000} s` : describe(err));
    } finally {
      body.destroy();
    }
    return Buffer.concat(chunks);
  }
}
