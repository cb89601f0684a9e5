/**
 * Limits every local HTTP server keeps (API and preview): headers within 5 s and the whole
 * request within 10 s, checked every second (Node's default check runs every 30 s, so a slow
 * client held a socket for up to 40 s), a late request answered 408 and a malformed one 400;
 * and the Host header must name this machine or the public site (a page of another site whose
 * name resolves to 127.0.0.1, DNS rebinding, is refused with 421).
 */
import http from 'node:http';

/** A client must send its headers within this time, and its whole request within REQUEST_TIMEOUT_MS. */
export const HEADERS_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 10_000;
/** How often Node checks those timeouts. */
const CHECK_EVERY_MS = 1_000;

/** Creates a server with the limits above. */
export function createLimitedServer(handler: http.RequestListener): http.Server {
  const server = http.createServer({ connectionsCheckingInterval: CHECK_EVERY_MS, headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, handler);
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const late = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT';
    const status = late ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
  });
  return server;
}

/** The host names a local server answers to: loopback, plus those of the given public addresses. */
export function allowedHostNames(publicUrls: readonly string[]): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  for (const u of publicUrls) {
    try {
      names.add(new URL(u).hostname.toLowerCase());
    } catch {
      // not an address: nothing to allow
    }
  }
  return names;
}

/** Whether a Host header names one of `allowed` (any port). */
export function hostAllowed(host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!host) return false;
  let name: string;
  try {
    name = new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return allowed.has(name);
}
