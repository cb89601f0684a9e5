/**
 * `npm start` as a newcomer runs it (on free ports and a temporary data folder): the stack
 * comes up, prints its URLs, serves the form, the preview and the SES emulator, and Ctrl-C
 * stops everything.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../support/free-port.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = path.resolve(__dirname, '../..');

describe('npm start', () => {
  it('starts the local stack, prints its URLs, and stops on Ctrl-C', async () => {
    // Prepare
    const [api, preview, ses, dynamo] = await freePorts(4);
    const env = { ...process.env, NEWSLETTER_API_PORT: String(api), NEWSLETTER_PREVIEW_PORT: String(preview), NEWSLETTER_SES_PORT: String(ses), NEWSLETTER_DYNAMO_PORT: String(dynamo), NEWSLETTER_DATA: mkdtempSync(path.join(os.tmpdir(), 'start-')) };
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), 'start'], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // Act
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stack did not start: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        if (out.includes('Ctrl-C stops everything')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // Assess
    expect(out).toContain(`http://127.0.0.1:${api}/`);
    expect(out).toContain(`http://127.0.0.1:${preview}/`);
    expect(out).toContain(`http://127.0.0.1:${ses}/`);
    expect(await (await fetch(`http://127.0.0.1:${api}/`)).text()).toContain('<form method="post" action="/subscribe">');
    expect((await fetch(`http://127.0.0.1:${preview}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ses}/store`)).status).toBe(200);
    // A crash of the SES emulator (its own process) leaves the API up and subscribing.
    const sesPid = execFileSync('pgrep', ['-P', String(child.pid), '-f', 'local-service.mjs ses']).toString().trim();
    process.kill(Number(sesPid), 'SIGKILL');
    await waitFor('the SES emulator to be gone', async () => (await fetch(`http://127.0.0.1:${ses}/store`).then(() => false, () => true)));
    expect((await fetch(`http://127.0.0.1:${api}/`)).status).toBe(200);
    const sub = await fetch(`http://127.0.0.1:${api}/subscribe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'while-down@example.com', themes: ['junior-partner'] }) });
    expect(sub.status).toBe(202);
    // The stack restarts the emulator on its port, and the waiting confirmation goes out once.
    const mails = await waitFor('the confirmation mail after the restart', async () => {
      const r = await fetch(`http://127.0.0.1:${ses}/store`).catch(() => null);
      const all = r?.ok ? ((await r.json()) as { emails: { destination: { to: string[] } }[] }).emails : [];
      const mine = all.filter((m) => m.destination.to.some((t) => t.includes('while-down@example.com')));
      return mine.length ? mine : null;
    }, 40_000);
    expect(mails).toHaveLength(1);
    expect(out).toMatch(/SES emulator exited .*restarting/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('stopped.');
    // nothing of the stack is left listening
    expect(await fetch(`http://127.0.0.1:${dynamo}/`).then(() => 'up', () => 'down')).toBe('down');
  }, 60_000);
});
