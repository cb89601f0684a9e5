/**
 * WebClient port: one HTTP GET with the collector's limits (timeout, redirects, size,
 * per-host concurrency, conditional headers). Adapters: FetchWebClient (real network).
 */

export interface WebRequest {
  /** Conditional request headers from what is already held. */
  etag?: string | null;
  lastModified?: string | null;
}

export interface WebResponse {
  /** 200 or 304 (other statuses are thrown as WebFetchError). */
  status: 200 | 304;
  /** The address after redirects. */
  url: string;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
  body: Uint8Array;
}

/** A request that failed, with a one-line reason for the report. */
export class WebFetchError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface WebClient {
  /** GETs an address. @throws WebFetchError */
  get(url: string, req?: WebRequest): Promise<WebResponse>;
}
