/**
 * The HTTP API on node:http for the local stack and tests (127.0.0.1), over the shared route
 * table. One bad client never takes the server down: a body that is cut off, aborted, too
 * large or too slow ends that request only (4xx, or the socket is dropped), and every error
 * inside a request is caught and answered.
 */
import type http from 'node:http';
import type { SubscriptionDeps } from '../services/subscription-deps.ts';
import { handleHttp } from '../handlers/http/routes.ts';
import { warmTransactional } from '../rendering/render-transactional.ts';
import { startOutboxPump } from '../services/deliver-subscribe-requests.ts';
import { MAX_BODY_BYTES, type HttpResponse } from '../handlers/http/http-types.ts';
import { allowedHostNames, createLimitedServer, hostAllowed } from './http-limits.ts';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Requests in flight at which the outbox worker gives way after a few jobs (a burst, not ordinary traffic). */
export const BUSY_REQUESTS = 8;

const jsonError = (status: number, error: string): HttpResponse => ({ status, headers: { 'content-type': 'application/json', 'x-content-type-options': 'nosniff', connection: 'close' }, body: JSON.stringify({ error }) });

/** Reads a request body up to MAX_BODY_BYTES; rejects when the client aborts or errs. */
function readBody(req: http.IncomingMessage): Promise<{ body: string; tooBig: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), tooBig }));
    req.on('aborted', () => reject(new Error('client aborted the request')));
    req.on('error', reject);
  });
}

/** Starts the API server. */
export async function startApiServer(given: SubscriptionDeps, opts: { port: number; host?: string }): Promise<ApiServer> {
  // The first confirmation mail would compile the templates in the middle of traffic: do it now.
  await warmTransactional(given.config.templatesDir).catch(() => undefined);
  // The outbox worker runs beside the API here (on AWS the table's stream starts it).
  // Requests are picked up by the next tick (250 ms): a wake-up per request would make the worker
  // compete with the API for the database under load; and while requests queue up here, each
  // run of the worker gives way after a few jobs.
  let inFlight = 0;
  const pump = given.outbox ? startOutboxPump(given, { intervalMs: 250, lanes: 8, busy: () => inFlight >= BUSY_REQUESTS }) : null;
  const deps: SubscriptionDeps = given;
  const hosts = allowedHostNames([given.config.publicBaseUrl, ...(given.config.trustedOrigins ?? [])]);
  const server = createLimitedServer((req, res) => {
    res.on('error', () => undefined); // a client gone mid-answer is not our error
    if (!hostAllowed(req.headers.host, hosts)) {
      res.writeHead(421, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ error: 'unexpected Host header; call the API by 127.0.0.1, localhost or the public address' }));
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    void (async () => {
      let result: HttpResponse;
      try {
        const { body, tooBig } = await readBody(req);
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        result = tooBig
          ? jsonError(413, `the body is larger than ${MAX_BODY_BYTES} bytes`)
          : await handleHttp(deps, {
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
              body,
              ip: req.socket.remoteAddress ?? null,
            });
      } catch {
        // The client aborted or sent something unreadable: drop that request only.
        if (!req.socket.destroyed) req.socket.destroy();
        return;
      }
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(result.status, result.headers);
      res.end(result.body);
    })().catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal error"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await pump?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
