/**
 * `newsletter collect` takes its destination policy from configuration: with
 * NEWSLETTER_COLLECT_ALLOW=none (what AWS does by default) a page on 127.0.0.1 is refused
 * with a one-line reason and exit 2, and the server never sees a request.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
let server: http.Server;
let hits = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Local</title><p>Local page.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

it('refuses a loopback page when configured as on AWS, before connecting', async () => {
  // Prepare
  const dir = mkdtempSync(path.join(os.tmpdir(), 'collect-ssrf-'));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page`;
  // Act
  const r = await new Promise<{ status: number; stderr: string }>((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), 'collect', url, '--corpus', path.join(dir, 'corpus')], { cwd: dir, env: { ...process.env, NEWSLETTER_COLLECT_ALLOW: 'none' }, encoding: 'utf8' }, (err, _stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
  // Assess
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);
  expect(hits).toBe(0);
});
