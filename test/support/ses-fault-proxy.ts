/**
 * A proxy in front of the SES emulator that injects the faults a real network has: a reply
 * lost after SES accepted the message, a connection reset, a 5xx after forwarding, a
 * throttling burst, a frozen endpoint. The fault of each request comes from `plan(n)` (n =
 * 0, 1, 2... in arrival order). Binds 127.0.0.1 on a free port; records what it did.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'pass' | 'lost-reply' | 'reset' | '5xx-after' | 'throttle' | 'freeze';

export interface FaultProxy {
  endpoint: string;
  /** What happened to each request, in arrival order. */
  log: Fault[];
  /** Recipients of the messages SES accepted (answered 200), whatever the sender then heard. */
  accepted: string[];
  close(): Promise<void>;
}

const THROTTLE = JSON.stringify({ message: 'Maximum sending rate exceeded.' });
const INTERNAL = JSON.stringify({ message: 'Internal failure.' });

/** The recipient of an SES v2 SendEmail request (JSON; the message itself is base64, so the first match is the destination). */
function recipientOf(body: Buffer): string {
  return /"ToAddresses":\["([^"]+)"/.exec(body.toString('latin1'))?.[1] ?? '?';
}

/** Starts the proxy in front of `target` (the emulator's endpoint). */
export async function startFaultProxy(target: string, plan: (n: number) => Fault): Promise<FaultProxy> {
  const log: Fault[] = [];
  const accepted: string[] = [];
  const upstream = new URL(target);
  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const r = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      r.on('error', reject);
      r.end(body);
    });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const fault = plan(log.length);
      log.push(fault);
      const body = Buffer.concat(chunks);
      try {
        if (fault === 'freeze') return; // never answers; the client's request timeout ends it
        if (fault === 'reset') return void req.socket.destroy();
        if (fault === 'throttle') return void res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }).end(THROTTLE);
        const r = await forward(req, body);
        if (r.status === 200) accepted.push(recipientOf(body));
        if (fault === 'lost-reply') return void req.socket.destroy(); // SES has it; the sender never hears
        if (fault === '5xx-after') return void res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' }).end(INTERNAL);
        res.writeHead(r.status, { 'content-type': String(r.headers['content-type'] ?? 'application/json') }).end(r.body);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    accepted,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
