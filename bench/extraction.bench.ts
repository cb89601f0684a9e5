/**
 * Extraction benchmark: article-body F1 (the benchmark's 4-token-shingle metric) of the
 * project's HTML ingestion on the public pages of ../shared/bench/article-extraction-benchmark,
 * beside plain Mozilla Readability on linkedom in the same run. The project's text is what
 * ingest keeps: headings and passages, in order. Writes bench/results/extraction.json.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { ingestDocument } from '../lambdas/domain/text/ingest-document.ts';
import { extractionScores, pageF1, shingleMatch, type TpFpFn } from './lib/extraction-metric.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = [path.resolve(here, '../../shared/bench/article-extraction-benchmark'), path.resolve(here, '../shared/bench/article-extraction-benchmark')].find(existsSync);
if (!DATA) {
  console.error('error: ../shared/bench/article-extraction-benchmark not found');
  process.exit(2);
}
const truth = JSON.parse(gunzipSync(readFileSync(path.join(DATA, 'ground-truth.json.gz'))).toString('utf8')) as Record<string, { articleBody: string; url: string }>;
const ids = readdirSync(path.join(DATA, 'html')).filter((f) => f.endsWith('.html.gz')).map((f) => f.replace(/\.html\.gz$/, '')).filter((id) => truth[id]).sort();

/** The article text ingest keeps: each heading once, then the passages under it. */
export function projectText(id: string, bytes: Uint8Array): string {
  const r = ingestDocument(`${id}.html`, bytes);
  const lines: string[] = [];
  let heading: string | null = null;
  for (const p of r.passages) {
    if (p.heading && p.heading !== heading) lines.push(p.heading);
    heading = p.heading;
    lines.push(p.text);
  }
  return lines.join('\n');
}

function readabilityText(html: string): string {
  const { document } = parseHTML(html);
  return new Readability(document as unknown as Document).parse()?.textContent ?? '';
}

type Row = { id: string; url: string; project: TpFpFn; readability: TpFpFn; projectChars: number };
const rows: Row[] = [];
const time = { project: 0, readability: 0 };
for (const id of ids) {
  const bytes = gunzipSync(readFileSync(path.join(DATA, 'html', `${id}.html.gz`)));
  const html = bytes.toString('utf8');
  let t = performance.now();
  const mine = projectText(id, bytes);
  time.project += performance.now() - t;
  t = performance.now();
  const plain = readabilityText(html);
  time.readability += performance.now() - t;
  rows.push({ id, url: truth[id].url, project: shingleMatch(truth[id].articleBody, mine), readability: shingleMatch(truth[id].articleBody, plain), projectChars: mine.length });
}

function summary(key: 'project' | 'readability') {
  const s = extractionScores(rows.map((r) => r[key]));
  return {
    f1: +s.f1.toFixed(4),
    precision: +s.precision.toFixed(4),
    recall: +s.recall.toFixed(4),
    emptyPages: rows.filter((r) => r[key][0] + r[key][1] === 0).length,
    pagesBelow05: rows.filter((r) => pageF1(r[key]) < 0.5).length,
    msPerPage: +(time[key] / rows.length).toFixed(1),
  };
}
const result = {
  benchmark: 'extraction',
  data: 'scrapinghub article-extraction-benchmark, public pages in ../shared/bench (MIT)',
  pages: rows.length,
  machine: machineInfo(),
  project: summary('project'),
  readability: summary('readability'),
  worstPages: rows
    .map((r) => ({ id: r.id.slice(0, 12), url: r.url, f1: +pageF1(r.project).toFixed(3), readabilityF1: +pageF1(r.readability).toFixed(3), precision: +(r.project[0] / (r.project[0] + r.project[1] || 1)).toFixed(3), recall: +(r.project[0] / (r.project[0] + r.project[2] || 1)).toFixed(3) }))
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 15),
};
writeFileSync(path.join(here, 'results/extraction.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ project: result.project, readability: result.readability }, null, 2));
