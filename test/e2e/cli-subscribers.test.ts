/** `newsletter subscribers` and `newsletter inbound` as an editor runs them, against dynalite and the SES emulator. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { loadConfig } from '../../lambdas/config.ts';
import { startDynalite, startSesEmulator, type LocalService } from '../../lambdas/local/local-services.ts';
import { emulatorMessages } from '../support/local-services.ts';

const ROOT = path.resolve(__dirname, '../..');
let dynamo: LocalService;
let ses: LocalService & { storeUrl: string };
let env: Record<string, string>;
const dir = mkdtempSync(path.join(os.tmpdir(), 'cli-subs-'));

function newsletter(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dynamo = await startDynalite();
  ses = await startSesEmulator();
  env = { NEWSLETTER_DYNAMO_ENDPOINT: dynamo.endpoint, NEWSLETTER_SES_ENDPOINT: ses.endpoint, NEWSLETTER_TABLE: 'cli', NEWSLETTER_DATA: path.join(dir, '.data') };
  await ensureTable(openTable(loadConfig(env)));
}, 60_000);

afterAll(async () => {
  await ses?.stop();
  await dynamo?.stop();
});

describe('newsletter subscribers', () => {
  it('with --strict refuses a CSV with a bad row and imports nothing, in one line', async () => {
    // Prepare
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'email,themes,status\nok@example.com,junior-partner,active\nnot-an-address,junior-partner,active\n');
    // Act
    const r = await newsletter(['subscribers', 'import', file, '--strict']);
    // Assess
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*1 bad row\(s\), nothing imported; first: line 3/m);
    expect((await newsletter(['subscribers', 'export'])).stdout.trim()).toBe('email,themes,status');
  });

  it('imports the valid rows, reports each bad one with its line, and reads an empty status as pending', async () => {
    // Prepare
    const file = path.join(dir, 'mixed.csv');
    writeFileSync(file, 'email,themes,status\nmixed-ok@example.com,junior-partner,active\nnot-an-address,junior-partner,active\nmixed-empty@example.com,junior-partner,\nmixed-bad@example.com,no-such-theme,active\n');
    // Act
    const r = await newsletter(['subscribers', 'import', file]);
    // Assess
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mixed-ok@example.com: activated');
    expect(r.stdout).toContain('mixed-empty@example.com: mailed');
    expect(r.stderr).toMatch(/skipped line 3: /);
    expect(r.stderr).toMatch(/skipped line 5: unknown theme 'no-such-theme'/);
    expect(r.stderr).toMatch(/2 row\(s\) imported, 2 skipped/);
    const exported = (await newsletter(['subscribers', 'export'])).stdout;
    expect(exported).toContain('mixed-empty@example.com,junior-partner,pending');
    for (const a of ['mixed-ok@example.com', 'mixed-empty@example.com']) await newsletter(['subscribers', 'remove', a]);
  });

  it('says "not found" with exit 1 for an address that was never subscribed, and stores nothing', async () => {
    const r = await newsletter(['subscribers', 'remove', 'never@example.com']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: subscriber 'never@example.com' not found/);
    const add = await newsletter(['subscribers', 'add', 'never@example.com', '--theme', 'junior-partner', '--status', 'active']);
    expect(add.stdout).toContain('activated');
    await newsletter(['subscribers', 'remove', 'never@example.com']);
  });

  it('imports active and pending rows (pending get a confirmation mail) and exports them', async () => {
    // Prepare
    const file = path.join(dir, 'good.csv');
    writeFileSync(file, 'email,themes,status\nada@example.com,junior-partner;regional-reach,active\ngrace@example.com,junior-partner,pending\n');
    // Act
    const r = await newsletter(['subscribers', 'import', file]);
    // Assess
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ada@example.com: activated');
    expect(r.stdout).toContain('grace@example.com: mailed');
    expect((await emulatorMessages(ses.storeUrl)).map((m) => m.destination.to[0])).toContain('grace@example.com');
    const exported = (await newsletter(['subscribers', 'export'])).stdout;
    expect(exported).toContain('ada@example.com,junior-partner;regional-reach,active');
    expect(exported).toContain('grace@example.com,junior-partner,pending');
  });

  it('erases on remove and never re-activates the address', async () => {
    expect((await newsletter(['subscribers', 'remove', 'ada@example.com'])).code).toBe(0);
    const again = await newsletter(['subscribers', 'add', 'ada@example.com', '--theme', 'junior-partner', '--status', 'active']);
    expect(again.code).toBe(2);
    expect(again.stdout).toContain('refused-suppressed');
    // The suppression covers the mailbox, not only the exact spelling (issue #26)
    const tagged = await newsletter(['subscribers', 'add', 'ada+again@example.com', '--theme', 'junior-partner', '--status', 'active']);
    expect(tagged.stdout).toContain('refused-suppressed');
  });

  it('runs an inbound subscribe message and ignores an auto-reply', async () => {
    expect((await newsletter(['inbound', path.join(ROOT, 'test/fixtures/inbound/subscribe.eml')])).stdout).toMatch(/^subscribe \(junior-partner\)/);
    expect((await newsletter(['inbound', path.join(ROOT, 'test/fixtures/inbound/auto-reply.eml')])).stdout).toMatch(/^ignored: auto-submitted/);
  });

  it('ignores Authentication-Results the sender wrote, and trusts another receiving server only when named', async () => {
    const forged = await newsletter(['inbound', path.join(ROOT, 'test/fixtures/inbound/forged-results.eml')]);
    const otherServer = await newsletter(['inbound', path.join(ROOT, 'test/fixtures/inbound/ses-unsubscribe.eml'), '--authserv-id', 'mx.local.test']);
    expect(forged.stdout).toMatch(/^ignored: authentication did not vouch for the sender/);
    expect(otherServer.stdout).toMatch(/^ignored: .*no Authentication-Results from mx\.local\.test/);
  });

  it('says how to start the stack when DynamoDB is not running', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [path.join(ROOT, 'bin/newsletter.mjs'), 'subscribers', 'list'], { cwd: ROOT, env: { ...process.env, NEWSLETTER_DYNAMO_ENDPOINT: 'http://127.0.0.1:9' } }, (err, _o, stderr) => resolve({ code: (err as { code?: number } | null)?.code ?? 0, stderr })),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: the DynamoDB endpoint is not reachable; start the local stack with npm start/);
  });
});
