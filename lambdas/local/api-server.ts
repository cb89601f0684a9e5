/** The HTTP API on node:http for the local stack and tests (127.0.0.1), over the shared route table. */
import http from 'node:http';
import type { SubscriptionDeps } from '../services/subscription-deps.ts';
import { handleHttp } from '../handlers/http/routes.ts';
import { MAX_BODY_BYTES } from '../handlers/http/http-types.ts';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the API server. */
export async function startApiServer(deps: SubscriptionDeps, opts: { port: number }): Promise<ApiServer> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(c as Buffer);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const result = tooBig
      ? { status: 413, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: `the body is larger than ${MAX_BODY_BYTES} bytes` }) }
      : await handleHttp(deps, {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
          body: Buffer.concat(chunks).toString('utf8'),
          ip: req.socket.remoteAddress ?? null,
        });
    res.writeHead(result.status, result.headers);
    res.end(result.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
