/**
 * The serverless path as AWS runs it: every newsletter function of the synthesized template,
 * from its cdk.out bundle, on Node 22, with the template's environment and the events its
 * triggers send (see harness.ts). Stories, in order, on one stack:
 * - the API, and the table stream waking the outbox worker for the confirmation;
 * - a subscribe mail stored by SES's receipt rule, taken by inbound-email;
 * - collect writing to S3, extract-article on each ObjectCreated, corpus-ingest on its schedule;
 * - the schedule firing build-issue, which quotes the collected article and fans out; the send
 *   worker serving 1,000 readers exactly once while one instance crashes mid-batch;
 * - a second schedule event for the same period sending nothing;
 * - SES delivery, bounce and complaint notifications (via SNS) reaching suppression, and the
 *   next issue skipping those readers.
 * `npm run test:lambdas` runs this file alone; it prints one line per function.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSendLedger } from '../../lambdas/adapters/dynamodb/dynamo-send-ledger.ts';
import { DynamoSubscriberStore } from '../../lambdas/adapters/dynamodb/dynamo-subscriber-store.ts';
import { DynamoSuppressionList } from '../../lambdas/adapters/dynamodb/dynamo-suppression-list.ts';
import { openTable } from '../../lambdas/adapters/dynamodb/table.ts';
import { emulatorMessages } from '../support/local-services.ts';
import { node22Path } from '../support/node22.ts';
import { waitFor } from '../support/wait-for.ts';
import { apiGatewayV2, dynamoStreamInserts, s3ObjectCreated, scheduleInput, sesReceipt, snsSesNotification } from './events.ts';
import { startHarness, synthLog, type Harness } from './harness.ts';

const ROOT = path.resolve(__dirname, '../..');
const SEEDS = path.resolve(ROOT, '../shared/seeds');
const READERS = Array.from({ length: 1000 }, (_, i) => `reader${String(i).padStart(4, '0')}@example.com`);
const available = node22Path() !== null;
let h: Harness;
let web: { base: string; close(): Promise<void> };
/** The issue the schedule story sent. */
let sentIssueId = '';

/** A feed with one article, on the junior-partner theme, served on 127.0.0.1. */
async function startFeed(): Promise<typeof web> {
  const article = `<!doctype html><html><head><title>The yuan binds Moscow to Beijing</title><meta name="author" content="Irina Volkova"></head><body><article><h1>The yuan binds Moscow to Beijing</h1>
<p>Russia's dependence on China has become an asymmetrical relationship: Beijing gains leverage over Moscow through trade, finance and technology, and the yuan now settles most of the trade between the two countries.</p>
<p>Russian banks hold yuan reserves, Russian firms borrow in yuan, and Moscow defers to Beijing on prices for oil and gas, the clearest sign that Russia has become the junior partner in the relationship.</p>
<p>Chinese technology fills the gap Western sanctions left, from cars to chips, and that dependence gives Beijing leverage that Moscow cannot match.</p></article></body></html>`;
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Eurasia Desk</title><link>${base}/</link><description>d</description><item><title>The yuan binds Moscow to Beijing</title><link>${base}/articles/yuan</link><pubDate>${new Date().toUTCString()}</pubDate></item></channel></rss>`);
    }
    if (req.url === '/articles/yuan') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(article);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Keys of the table's items under a partition key prefix. */
async function keysWith(prefix: string): Promise<{ pk: string; sk: string }[]> {
  const table = openTable(h.config);
  const r = await table.doc.send(new ScanCommand({ TableName: table.name, ProjectionExpression: 'pk, sk' }));
  return (r.Items ?? []).filter((i) => String(i.pk).startsWith(prefix)).map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
}

/** Mails the SES emulator holds for an address. */
const mailsTo = async (to: string) => (await emulatorMessages(h.ses.storeUrl)).filter((m) => m.destination.to.includes(to));

/** Objects created under a prefix since `before` (by key and ETag), as S3 would notify them. */
async function createdSince(before: Map<string, string | undefined>, bucket: string, prefix: string) {
  return (await h.s3.list(bucket, prefix)).filter((o) => before.get(o.key) !== o.etag);
}

beforeAll(async () => {
  if (!available) return;
  h = await startHarness();
  web = await startFeed();
}, 240_000);

afterAll(async () => {
  if (!h) return;
  for (const [name, fn] of Object.entries(h.fns)) {
    const events = fn.invocations.map((i) => i.source);
    const kinds = [...new Set(events)].map((k) => `${k} x${events.filter((e) => e === k).length}`).join(', ') || 'none';
    const last = fn.invocations.at(-1);
    const returned = last ? (last.ok ? JSON.stringify(last.result)?.slice(0, 140) : `error: ${last.error?.split('\n')[0]}`) : '-';
    const cold = fn.invocations.find((i) => i.loadMs !== null)?.loadMs;
    process.stdout.write(`${fn.spec.logicalId} (${name}): events ${kinds}; returned ${returned}${cold ? `; bundle loaded in ${Math.round(cold)} ms` : ''}\n`);
  }
  await web?.close();
  await h.stop();
}, 60_000);

describe.skipIf(!available)('the Lambda bundles on Node 22, with the events AWS sends', () => {
  it('was synthesized by cdk synth without a warning or a deprecation', () => {
    expect(synthLog).toMatch(/Successfully synthesized/);
    expect(synthLog).not.toMatch(/warn|deprecat/i);
  });

  it('subscribes through the API, and the table stream wakes the outbox worker to mail the confirmation', async () => {
    // Act
    const page = await h.fns.Api.invoke(apiGatewayV2('GET', '/'), 'API Gateway');
    const subscribed = await h.fns.Api.invoke(apiGatewayV2('POST', '/subscribe', { body: JSON.stringify({ email: 'api-reader@example.com', themes: ['junior-partner'] }) }), 'API Gateway');
    const outbox = await keysWith('OUTBOX');
    const stream = dynamoStreamInserts(h.template, h.ids.OutboxWorker, [...outbox, { pk: 'SUB#someone', sk: 'META' }]);
    const worked = await h.fns.OutboxWorker.invoke(stream, 'DynamoDB stream');
    // Assess
    expect(page).toMatchObject({ ok: true, result: { statusCode: 200 } });
    expect(subscribed).toMatchObject({ ok: true, result: { statusCode: 202 } });
    expect(stream.Records.map((r) => r.dynamodb.Keys.pk.S)).toEqual(outbox.map(() => 'OUTBOX'));
    expect(worked).toMatchObject({ ok: true, result: { delivered: 1 } });
    const [mail] = await mailsTo('api-reader@example.com');
    expect(mail.body.text).toMatch(/https:\/\/d111111abcdef8\.cloudfront\.net\/confirm\?token=/);
  });

  it('takes a subscribe mail that the receipt rule stored in S3, and confirms it through the outbox', async () => {
    // Prepare: SES's S3 action stores the message under the inbound prefix
    const raw = readFileSync(path.join(ROOT, 'test/fixtures/inbound/subscribe.eml'));
    await h.s3.put(h.buckets.issues, 'inbound/harness-msg-1', raw, 'message/rfc822');
    // Act
    const received = await h.fns.InboundEmail.invoke(sesReceipt('harness-msg-1', { from: 'grace@example.net', to: ['subscribe+junior-partner@news.example.org'], subject: 'please add me' }), 'SES receipt');
    const worked = await h.fns.OutboxWorker.invoke(dynamoStreamInserts(h.template, h.ids.OutboxWorker, await keysWith('OUTBOX')), 'DynamoDB stream');
    // Assess
    expect(received).toMatchObject({ ok: true });
    expect(worked).toMatchObject({ ok: true, result: { delivered: 1 } });
    expect((await mailsTo('grace@example.net')).map((m) => m.subject).join()).toMatch(/confirm/i);
  });

  it('collects into S3, extracts each new object, and brings the index up to date', async () => {
    // Prepare: the sample corpus, and sources.yaml naming the feed
    for (const f of readdirSync(SEEDS)) await h.s3.put(h.buckets.corpus, `corpus/${f}`, readFileSync(path.join(SEEDS, f)), 'text/plain');
    await h.s3.put(h.buckets.corpus, 'config/sources.yaml', `feeds:\n  - url: ${web.base}/feed.xml\n    name: Eurasia Desk\n`, 'text/yaml');
    const before = new Map<string, string | undefined>();
    // Act: as deployed, collect refuses the loopback feed; allowed by configuration, it fetches it
    const refused = await h.fns.Collect.invoke(scheduleInput(h.template, h.ids.Collect), 'Scheduler');
    await h.fns.Collect.updateEnvironment({ NEWSLETTER_COLLECT_ALLOW: 'loopback' });
    const collected = await h.fns.Collect.invoke(scheduleInput(h.template, h.ids.Collect), 'Scheduler');
    const created = await createdSince(before, h.buckets.corpus, 'corpus/');
    for (const o of created) await h.fns.ExtractArticle.invoke(s3ObjectCreated(h.buckets.corpus, [o]), 'S3 ObjectCreated');
    const indexed = await h.fns.CorpusIngest.invoke(scheduleInput(h.template, h.ids.CorpusIngest), 'Scheduler');
    const again = await h.fns.CorpusIngest.invoke(scheduleInput(h.template, h.ids.CorpusIngest), 'Scheduler');
    // Assess
    expect(refused).toMatchObject({ ok: true, result: { fetched: 0, skipped: [{ reason: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) }] } });
    expect(collected).toMatchObject({ ok: true, result: { fetched: 1 } });
    expect(created.map((o) => o.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^corpus\/127\.0\.0\.1_\d+\/articles-yuan\.html$/)]));
    expect(h.fns.ExtractArticle.invocations.every((i) => i.ok)).toBe(true);
    expect(indexed).toMatchObject({ ok: true, result: { files: 6, added: 6, removed: 0 } });
    expect(again).toMatchObject({ ok: true, result: { added: 0, changed: 0, removed: 0 } });
  }, 120_000);

  it('fires the schedule: the issue quotes the new article and 1,000 readers get it once, though a worker dies mid-batch', async () => {
    // Prepare: 1,000 confirmed readers of two themes
    const store = new DynamoSubscriberStore(openTable(h.config));
    const at = new Date().toISOString();
    for (let i = 0; i < READERS.length; i += 50) await Promise.all(READERS.slice(i, i + 50).map((r) => store.setThemes(r, [{ themeId: 'junior-partner', status: 'active' }, { themeId: 'arms-and-exercises', status: 'active' }], at)));
    const mailsBefore = (await emulatorMessages(h.ses.storeUrl)).length;
    let killed = 0;
    h.fns.SendWorker.onInvoke = (child) => {
      if (killed++) return;
      // The first instance dies once it has sent a few of its batch.
      void waitFor('a few mails of the batch', async () => (await emulatorMessages(h.ses.storeUrl)).length >= mailsBefore + 3, 60_000).then(() => child.kill('SIGKILL'));
    };
    // Act
    const built = await h.fns.BuildIssue.invoke(scheduleInput(h.template, h.ids.BuildIssue, (i) => i.themeId === 'junior-partner'), 'Scheduler');
    await h.sqs.drain(h.sendMapping);
    h.fns.SendWorker.onInvoke = null;
    // Assess
    expect(built).toMatchObject({ ok: true, result: { status: 'built', recipients: 1000 } });
    const issueId = (built as { result: { issueId: string } }).result.issueId;
    sentIssueId = issueId;
    const issue = JSON.parse((await h.s3.get(h.buckets.issues, `issues/${issueId}.json`)).toString('utf8')) as { subject: string; digest: { excerpts: { sourceId: string }[] } };
    expect(issue.digest.excerpts.map((e) => e.sourceId)).toEqual(expect.arrayContaining([expect.stringMatching(/articles-yuan\.html$/)]));
    const mails = (await emulatorMessages(h.ses.storeUrl)).filter((m) => m.subject === issue.subject);
    const recipients = mails.flatMap((m) => m.destination.to);
    const ledger = await new DynamoSendLedger(openTable(h.config)).list(issueId);
    // Uncertain as `issues show` counts it: marked so, or a claim whose mail call began and whose
    // worker died. Such a reader may or may not have the mail (SES may have taken it just before
    // the kill): uncertain means not known, so it may overlap the mailed, never be resent.
    const uncertain = ledger.filter((e) => e.state === 'uncertain' || (e.state === 'claimed' && e.attemptedAt !== undefined)).map((e) => e.recipient);
    const sent = new Set(ledger.filter((e) => e.state === 'sent').map((e) => e.recipient));
    expect(ledger.filter((e) => e.state === 'claimed' && e.attemptedAt === undefined)).toEqual([]);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(new Set([...recipients, ...uncertain]).size).toBe(1000);
    expect(recipients.filter((r) => !sent.has(r) && !uncertain.includes(r))).toEqual([]);
    expect([...sent].filter((r) => !recipients.includes(r))).toEqual([]);
    expect(uncertain.length).toBeLessThanOrEqual(h.sendMapping.batchSize * 50);
    expect(h.sqs.deliveries.some((d) => d.outcome === 'failed')).toBe(true);
    expect(h.sqs.deliveries.some((d) => d.redelivered > 0)).toBe(true);
    expect(h.sqs.depth(h.sendMapping.queueLogicalId)).toBe(0);
  }, 240_000);

  it('drops from the index an article the corpus lifecycle rule expired', async () => {
    // Prepare: the rule's expiry, as S3 carries it out (the object is gone)
    await h.s3.put(h.buckets.corpus, 'corpus/old-note.txt', 'An old note\n\nRussia and China signed a border agreement long ago, and the note about it has expired from the corpus bucket.', 'text/plain');
    const added = await h.fns.CorpusIngest.invoke(scheduleInput(h.template, h.ids.CorpusIngest), 'Scheduler');
    await h.s3.remove(h.buckets.corpus, 'corpus/old-note.txt');
    // Act
    const after = await h.fns.CorpusIngest.invoke(scheduleInput(h.template, h.ids.CorpusIngest), 'Scheduler');
    // Assess
    expect(added).toMatchObject({ ok: true, result: { added: 1 } });
    expect(after).toMatchObject({ ok: true, result: { removed: 1, added: 0 } });
  }, 60_000);

  it('sends nothing for a second schedule event of the same period', async () => {
    // Prepare
    const mailsBefore = (await emulatorMessages(h.ses.storeUrl)).length;
    // Act
    const second = await h.fns.BuildIssue.invoke(scheduleInput(h.template, h.ids.BuildIssue, (i) => i.themeId === 'junior-partner'), 'Scheduler');
    await h.sqs.drain(h.sendMapping);
    // Assess
    expect(second).toMatchObject({ ok: true });
    expect((await emulatorMessages(h.ses.storeUrl)).length).toBe(mailsBefore);
  }, 60_000);

  it('hands a malformed message back alone (partial batch response) until the redrive policy moves it to the dead-letter queue', async () => {
    // Prepare: a batch of one message the worker cannot read and one it can (its reader already has the issue), through the SQS API
    const sqs = new SQSClient({ region: 'eu-west-2', endpoint: h.sqs.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const queueUrl = h.sqs.url(h.sendMapping.queueLogicalId);
    const dlq = h.template.resources[h.sendMapping.queueLogicalId].Properties!.RedrivePolicy as { maxReceiveCount: number };
    const delivered = h.sqs.deliveries.length;
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'poison', MessageBody: '{"issueId": ' }, { Id: 'good', MessageBody: JSON.stringify({ issueId: sentIssueId, recipients: [READERS[10]] }) }] }));
    // Act
    await h.sqs.drain(h.sendMapping);
    // Assess
    const runs = h.sqs.deliveries.slice(delivered);
    expect(runs[0]).toMatchObject({ messages: 2, outcome: 'partial' });
    // alone, it fails the whole batch (Powertools throws when every record failed); it still comes back alone
    expect(runs.slice(1).map((d) => `${d.messages} ${d.outcome}`)).toEqual(Array(dlq.maxReceiveCount - 1).fill('1 failed'));
    expect(runs).toHaveLength(dlq.maxReceiveCount);
    expect(h.sqs.deadLettered.map((m) => m.body)).toEqual(['{"issueId": ']);
    expect(h.sqs.depth(h.sendMapping.queueLogicalId)).toBe(0);
  }, 60_000);

  it('records delivery, bounce and complaint notifications, and the next issue skips the bounced and complaining readers', async () => {
    // Prepare
    const topic = `arn:aws:sns:eu-west-2:000000000000:${Object.keys(h.template.resources).find((id) => h.template.resources[id].Type === 'AWS::SNS::Topic')}`;
    const mail = (to: string) => ({ timestamp: new Date().toISOString(), source: 'newsletter@news.example.org', messageId: `m-${to}`, destination: [to] });
    // Act
    for (const n of [
      { eventType: 'Delivery', mail: mail(READERS[0]), delivery: { timestamp: new Date().toISOString(), recipients: [READERS[0]] } },
      { eventType: 'Bounce', mail: mail(READERS[1]), bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: READERS[1] }], timestamp: new Date().toISOString() } },
      { eventType: 'Complaint', mail: mail(READERS[2]), complaint: { complainedRecipients: [{ emailAddress: READERS[2] }], timestamp: new Date().toISOString(), complaintFeedbackType: 'abuse' } },
    ]) await h.fns.SesEvents.invoke(snsSesNotification(topic, n), 'SNS (SES events)');
    const next = await h.fns.BuildIssue.invoke(scheduleInput(h.template, h.ids.BuildIssue, (i) => i.themeId === 'arms-and-exercises'), 'Scheduler');
    await h.sqs.drain(h.sendMapping);
    // Assess
    const suppression = new DynamoSuppressionList(openTable(h.config));
    expect(await suppression.isSuppressed(READERS[1])).toBe(true);
    expect(await suppression.isSuppressed(READERS[2])).toBe(true);
    expect(await suppression.isSuppressed(READERS[0])).toBe(false);
    expect(next).toMatchObject({ ok: true, result: { status: 'built' } });
    const issueId = (next as { result: { issueId: string } }).result.issueId;
    const issue = JSON.parse((await h.s3.get(h.buckets.issues, `issues/${issueId}.json`)).toString('utf8')) as { subject: string };
    const recipients = (await emulatorMessages(h.ses.storeUrl)).filter((m) => m.subject === issue.subject).flatMap((m) => m.destination.to);
    expect(recipients).not.toContain(READERS[1]);
    expect(recipients).not.toContain(READERS[2]);
    expect(recipients).toHaveLength(998);
  }, 240_000);
});
