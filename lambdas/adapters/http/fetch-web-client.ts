/**
 * WebClient over Node's fetch with the collector's limits: a timeout per request (connect,
 * headers and body), at most 5 redirects (followed by hand, each target checked), responses
 * cut off at 5 MB, at most 2 requests at a time per host, a User-Agent naming the product,
 * and conditional requests (If-None-Match / If-Modified-Since).
 */
import { unfetchableReason } from '../../domain/collect/corpus-path.ts';
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
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  return (e?.cause?.message ?? e?.message ?? String(err)).split('\n')[0];
}

export class FetchWebClient implements WebClient {
  private readonly limits: WebClientLimits;
  private readonly gate: HostGate;
  /** Requests started, per host, at most `perHost` at once (for tests and the report). */
  readonly peakPerHost = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();

  constructor(limits: Partial<WebClientLimits> = {}) {
    this.limits = { ...DEFAULT_WEB_LIMITS, ...limits };
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
      const r = await this.once(current, req);
      if ('location' in r) {
        if (hop >= this.limits.maxRedirects) throw new WebFetchError(`more than ${this.limits.maxRedirects} redirects`);
        current = new URL(r.location, current).href;
        continue;
      }
      return r;
    }
  }

  private async once(url: string, req: WebRequest): Promise<WebResponse | { location: string }> {
    const host = new URL(url).host;
    await this.gate.enter(host);
    const now = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, now);
    this.peakPerHost.set(host, Math.max(this.peakPerHost.get(host) ?? 0, now));
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), this.limits.timeoutMs);
    try {
      const headers: Record<string, string> = { 'user-agent': this.limits.userAgent, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.9, */*;q=0.5' };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;
      let res: Response;
      try {
        res = await fetch(url, { headers, redirect: 'manual', signal: controller.signal });
      } catch (err) {
        throw new WebFetchError(controller.signal.aborted ? `timed out after ${this.limits.timeoutMs / 1000} s` : describe(err));
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        await res.body?.cancel().catch(() => undefined);
        const location = res.headers.get('location');
        if (!location) throw new WebFetchError(`HTTP ${res.status} without a Location`);
        return { location };
      }
      const meta = { url, contentType: res.headers.get('content-type'), etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
      if (res.status === 304) {
        await res.body?.cancel().catch(() => undefined);
        return { status: 304, ...meta, body: new Uint8Array() };
      }
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => undefined);
        throw new WebFetchError(`HTTP ${res.status}`);
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > this.limits.maxBytes) {
        await res.body?.cancel().catch(() => undefined);
        throw new WebFetchError(`response is ${(declared / 1048576).toFixed(1)} MB, over the ${this.limits.maxBytes / 1048576} MB limit`);
      }
      const body = await this.readCapped(res, controller);
      return { status: 200, ...meta, body };
    } finally {
      clearTimeout(timer);
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
      this.gate.leave(host);
    }
  }

  private async readCapped(res: Response, controller: AbortController): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body?.getReader();
    if (!reader) return new Uint8Array();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > this.limits.maxBytes) {
          controller.abort();
          throw new WebFetchError(`response over the ${this.limits.maxBytes / 1048576} MB limit; stopped reading`);
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof WebFetchError) throw err;
      throw new WebFetchError(controller.signal.aborted ? `timed out after ${this.limits.timeoutMs / 1000} s` : describe(err));
    }
    return Buffer.concat(chunks);
  }
}
