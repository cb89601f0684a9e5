/**
 * Render benchmark: MJML compile time per issue, and per-recipient personalisation
 * (link signing + placeholder fill + MIME composition, and the fill alone) in messages per
 * second, against the baseline of compiling MJML for every recipient, in the same run.
 * Writes bench/results/render.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { recipientLinks } from '../lambdas/domain/subscriptions/links.ts';
import type { Digest } from '../lambdas/domain/types.ts';
import { compileIssue } from '../lambdas/rendering/compile-issue.ts';
import { composeMessage } from '../lambdas/rendering/compose-message.ts';
import { personalize } from '../lambdas/rendering/personalize.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const templatesDir = path.resolve(here, '../templates');
const digest = JSON.parse(readFileSync(path.join(templatesDir, 'digest/preview.json'), 'utf8')) as Digest;
const opts = { templatesDir, publicBaseUrl: 'https://news.example.org', postalAddress: '1 Example Street, London' };
const linkCfg = { publicBaseUrl: opts.publicBaseUrl, tokenKeys: { keys: { k1: 'bench-secret' }, current: 'k1' } };

// Compile once per issue (warm-up, then timed runs).
await compileIssue(digest, opts);
const compileTimes: number[] = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  await compileIssue(digest, opts);
  compileTimes.push(performance.now() - t0);
}
const compiled = await compileIssue(digest, opts);

// Personalisation: links + fill (what the send worker does before MIME).
const N = 20_000;
let t0 = performance.now();
for (let i = 0; i < N; i++) personalize(compiled, recipientLinks(linkCfg, `reader${i}@example.com`, digest.theme.id, new Date()));
const fillPerSecond = N / ((performance.now() - t0) / 1000);

// Personalisation + MIME composition.
const M = 2000;
t0 = performance.now();
for (let i = 0; i < M; i++) {
  const links = recipientLinks(linkCfg, `reader${i}@example.com`, digest.theme.id, new Date());
  const { html, text } = personalize(compiled, links);
  await composeMessage({ from: 'news@example.org', to: `reader${i}@example.com`, subject: compiled.subject, html, text, listUnsubscribe: `<${links.unsubscribeUrl}>` });
}
const withMimePerSecond = M / ((performance.now() - t0) / 1000);

// Baseline: compile MJML per recipient.
const B = 30;
t0 = performance.now();
for (let i = 0; i < B; i++) await compileIssue(digest, opts);
const baselinePerSecond = B / ((performance.now() - t0) / 1000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  benchmark: 'render',
  issue: 'templates/digest/preview.json',
  htmlBytes: Buffer.byteLength(compiled.html),
  compileMsPerIssueMedian: Math.round(median(compileTimes) * 10) / 10,
  personalisePerSecond: Math.round(fillPerSecond),
  personaliseAndMimePerSecond: Math.round(withMimePerSecond),
  baselineCompilePerRecipientPerSecond: Math.round(baselinePerSecond * 10) / 10,
  speedup: Math.round(fillPerSecond / baselinePerSecond),
  goal: '20,000+ personalisations per second',
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'render.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
