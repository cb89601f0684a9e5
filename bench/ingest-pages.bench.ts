/**
 * Ingest of real web pages at scale: the public extraction-benchmark pages
 * (../shared/bench/article-extraction-benchmark) repeated with small changes into 1,000
 * HTML files, ingested three ways in one run: single-threaded with no cache (the baseline),
 * with the worker pool and an empty cache (a first run), and again with nothing changed
 * (every document from the cache). Writes bench/results/ingest-pages.json.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { FsCorpusReader } from '../lambdas/adapters/fs/fs-corpus-reader.ts';
import { FsDocumentCache, ingestCodeFingerprint } from '../lambdas/adapters/fs/fs-document-cache.ts';
import { WorkerPoolExtractor } from '../lambdas/adapters/workers/worker-pool-extractor.ts';
import { PARALLEL_MIN_DOCUMENTS } from '../lambdas/handlers/ingest-wiring.ts';
import { ingestCorpus } from '../lambdas/services/ingest-corpus.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = [path.resolve(here, '../../shared/bench/article-extraction-benchmark'), path.resolve(here, '../shared/bench/article-extraction-benchmark')].find(existsSync);
if (!DATA) {
  console.error('error: ../shared/bench/article-extraction-benchmark not found');
  process.exit(2);
}
const PAGES = Number(process.env.PAGES ?? 1000);
const originals = readdirSync(path.join(DATA, 'html')).filter((f) => f.endsWith('.html.gz')).sort().map((f) => gunzipSync(readFileSync(path.join(DATA, 'html', f))).toString('utf8'));

// 1,000 pages: each original again and again, each copy with a small change in its text
// (a number in the first paragraph, a line added), as a site's pages differ from one another.
const work = mkdtempSync(path.join(os.tmpdir(), 'ingest-pages-'));
const corpusDir = path.join(work, 'corpus');
let bytes = 0;
for (let i = 0; i < PAGES; i++) {
  const src = originals[i % originals.length];
  const copy = Math.floor(i / originals.length);
  const html = copy === 0 ? src : src.replace(/<p([^>]*)>/, `<p$1>Update ${copy}: this copy was revised on day ${copy} of the month. `);
  const dir = path.join(corpusDir, `site${i % 20}.example`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `page-${String(i).padStart(4, '0')}.html`), html);
  bytes += Buffer.byteLength(html);
}

async function timed(label: string, run: () => Promise<{ sources: number; passages: number; stats?: unknown }>) {
  global.gc?.();
  const t = performance.now();
  const r = await run();
  const seconds = +((performance.now() - t) / 1000).toFixed(2);
  console.log(`${label}: ${seconds}s, ${r.sources} sources, ${r.passages} passages`);
  return { seconds, sources: r.sources, passages: r.passages, stats: r.stats };
}

const reader = new FsCorpusReader(corpusDir);
const cacheDir = path.join(work, 'cache');
const withCache = () => ({ cache: new FsDocumentCache(cacheDir), codeFingerprint: ingestCodeFingerprint(), parallel: { extractor: new WorkerPoolExtractor(), minJobs: PARALLEL_MIN_DOCUMENTS } });
const summary = async (p: ReturnType<typeof ingestCorpus>) => {
  const c = await p;
  return { sources: c.sources.length, passages: c.passages.length, stats: c.stats };
};
const baseline = await timed('baseline (one thread, no cache)', () => summary(ingestCorpus(reader)));
const first = await timed('first run (worker pool, empty cache)', () => summary(ingestCorpus(reader, withCache())));
const unchanged = await timed('second run (nothing changed)', () => summary(ingestCorpus(reader, withCache())));
rmSync(work, { recursive: true, force: true });

const result = {
  benchmark: 'ingest-pages',
  pages: PAGES,
  megabytes: +(bytes / 1048576).toFixed(1),
  machine: machineInfo(),
  baseline,
  firstRun: first,
  unchanged,
  goals: { firstRunUnder30s: first.seconds < 30, unchangedUnder3s: unchanged.seconds < 3 },
};
writeFileSync(path.join(here, 'results/ingest-pages.json'), `${JSON.stringify(result, null, 2)}\n`);
