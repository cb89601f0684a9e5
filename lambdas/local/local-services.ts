/**
 * The local stand-ins for AWS, started in-process on 127.0.0.1: dynalite for DynamoDB (in
 * memory, or with its data in a folder) and aws-ses-v2-local for SES (its web view lists
 * every message). Used by `npm start` and by the tests (port 0 = any free port).
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface LocalService {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
}

/**
 * Starts dynalite.
 * @param opts.path folder for its data (kept across restarts); in memory when absent
 */
export async function startDynalite(opts: { port?: number; path?: string } = {}): Promise<LocalService> {
  const dynalite = require('dynalite') as (o: Record<string, unknown>) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(opts.path ? { path: opts.path } : {}) });
  const port = await listen(server, opts.port ?? 0);
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: closer(server) };
}

/**
 * Starts the SES emulator (SendEmail and SendRawEmail, a web view at /, the messages as JSON at /store).
 * Without a port the OS picks a free one at bind time (no probe-then-bind race between
 * test files or overlapping runs); the port is read back from the bound server.
 */
export async function startSesEmulator(opts: { port?: number } = {}): Promise<LocalService & { storeUrl: string }> {
  const mod = require('aws-ses-v2-local') as { default: (c: { host: string; port: number }) => Promise<Server> };
  if (opts.port) await assertPortFree(opts.port);
  const server = await mod.default({ host: '127.0.0.1', port: opts.port ?? 0 });
  const port = (server.address() as { port: number }).port;
  return { endpoint: `http://127.0.0.1:${port}`, port, storeUrl: `http://127.0.0.1:${port}/store`, stop: closer(server) };
}

/** The emulator crashes the process on a taken port; check first so the user gets a clear error. */
async function assertPortFree(port: number): Promise<void> {
  const probe = (await import('node:net')).createServer();
  await listen(probe as unknown as Server, port).catch((err: NodeJS.ErrnoException) => {
    throw new Error(`port ${port} on 127.0.0.1 is in use (${err.code}); set NEWSLETTER_SES_PORT to another port`);
  });
  await new Promise<void>((r) => probe.close(() => r()));
}

/**
 * Starts dynalite or the SES emulator in a child process of its own (bin/local-service.mjs),
 * so a crash of one never takes the API down, and the stack's work spreads over the cores.
 * The child exits with this process (its stdin closes). `envelopesOnly` (SES, load
 * benchmarks): the emulator keeps only each message's envelope.
 */
export async function startServiceProcess(kind: 'dynalite' | 'ses', opts: { port?: number; path?: string; envelopesOnly?: boolean } = {}): Promise<LocalService & { storeUrl: string; exited: Promise<number | null>; pid: number | undefined }> {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const entry = fileURLToPath(new URL('../../bin/local-service.mjs', import.meta.url));
  const child = spawn(process.execPath, [entry, kind, String(opts.port ?? 0), ...(opts.path ? [opts.path] : []), ...(opts.envelopesOnly ? ['--envelopes-only'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on('data', (d) => (err += d));
    void exited.then((code) => reject(Object.assign(new Error(err.trim().replace(/^error: /, '') || `${kind} exited (${code})`), { code: /in use/.test(err) ? 'EADDRINUSE' : undefined })));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    storeUrl: `${endpoint}/store`,
    exited,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.stdin.end();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A service process kept running: restarted on its port when it dies, until stopped. */
export type SupervisedService = LocalService & { storeUrl: string; restarts(): number };

/**
 * Starts a service process (startServiceProcess) and restarts it on the same port whenever it
 * exits without being stopped: after 0.5 s, doubling to 30 s while restarts keep failing.
 * @param say receives one line per exit and restart (the local stack prints it)
 */
export async function startSupervisedService(kind: 'dynalite' | 'ses', opts: { port?: number; path?: string }, say: (line: string) => void): Promise<SupervisedService> {
  const name = kind === 'ses' ? 'SES emulator' : 'DynamoDB (dynalite)';
  let current = await startServiceProcess(kind, opts);
  const port = current.port;
  let stopped = false;
  let restarts = 0;
  const watch = (svc: typeof current) => {
    void svc.exited.then(async (code) => {
      if (stopped) return;
      say(`${name} exited (${code ?? 'killed'}); restarting it on port ${port}`);
      for (let delay = 500; !stopped; delay = Math.min(delay * 2, 30_000)) {
        await new Promise((r) => setTimeout(r, delay).unref());
        if (stopped) return;
        try {
          current = await startServiceProcess(kind, { ...opts, port });
          restarts++;
          say(`${name} is back on port ${port}`);
          watch(current);
          return;
        } catch (err) {
          say(`${name} did not restart (${(err as Error).message}); trying again`);
        }
      }
    });
  };
  watch(current);
  return {
    endpoint: current.endpoint,
    port,
    storeUrl: current.storeUrl,
    restarts: () => restarts,
    stop: async () => {
      stopped = true;
      await current.stop();
    },
  };
}
