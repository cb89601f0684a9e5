/**
 * Extraction benchmark: article-body F1 (the benchmark's 4-token-shingle metric) of the
 * project's HTML ingestion on the public pages of ../shared/bench/article-extraction-benchmark,
 * beside plain Mozilla Readability on linkedom in the same run. Every figure for the project's
 * own rules is out of fold: the pages are split into 5 folds, and each fold is scored with a
 * policy (rules and thresholds, lambdas/domain/text/extraction/) fitted on the other four,
 * starting from the rules as designed (DESIGN_POLICY).
 * Also reported: each rule's out-of-fold gain (held-out F1 with the rule as chosen minus with
 * it off), the policy as it stood before (every rule on, scored in-sample), and the shipped
 * policy's speed. `npm run bench -- extraction --write` refits on all pages and writes extraction-policy.json.
 * Writes bench/results/extraction.json. The project's text is what ingest keeps: headings and
 * passages, in order.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { DEFAULT_POLICY, DESIGN_POLICY, LEGACY_POLICY, type ExtractionPolicy } from '../lambdas/domain/text/extraction/extraction-policy.ts';
import { fitPolicy, RULES, withRuleOff } from '../lambdas/domain/text/extraction/fit-policy.ts';
import { bodyCandidates, chooseArticleBody, type BodyCandidates } from '../lambdas/domain/text/html/extract-article-body.ts';
import { readHtmlMetadata, type MetaDocument } from '../lambdas/domain/text/html/html-metadata.ts';
import { finishDocument, ingestDocument, prepareDocument, type DocumentResult, type PreparedDocument } from '../lambdas/domain/text/ingest-document.ts';
import type { DeclaredMeta } from '../lambdas/domain/text/blocks.ts';
import { extractionScores, pageF1, shingleMatch, type TpFpFn } from './lib/extraction-metric.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = [path.resolve(here, '../../shared/bench/article-extraction-benchmark'), path.resolve(here, '../shared/bench/article-extraction-benchmark')].find(existsSync);
if (!DATA) {
  console.error('error: ../shared/bench/article-extraction-benchmark not found');
  process.exit(2);
}
const FOLDS = 5;
const truth = JSON.parse(gunzipSync(readFileSync(path.join(DATA, 'ground-truth.json.gz'))).toString('utf8')) as Record<string, { articleBody: string; url: string }>;
const ids = readdirSync(path.join(DATA, 'html')).filter((f) => f.endsWith('.html.gz')).map((f) => f.replace(/\.html\.gz$/, '')).filter((id) => truth[id]).sort();

/** The article text ingest keeps: each heading once, then the passages under it. */
function textOf(r: DocumentResult): string {
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

/** One page read once per furniture-name setting, so a policy costs only the cheap rules. */
interface Page {
  id: string;
  url: string;
  truth: string;
  fold: number;
  prepared: PreparedDocument;
  declared: DeclaredMeta;
  candidates: Map<boolean, BodyCandidates>;
  readability: TpFpFn;
}

function loadPage(id: string, i: number): Page {
  const bytes = gunzipSync(readFileSync(path.join(DATA!, 'html', `${id}.html.gz`)));
  const prepared = prepareDocument(`${id}.html`, bytes);
  if (!('format' in prepared)) throw new Error(`${id}: ${prepared.warnings[0]?.message}`);
  const plain = readabilityText(prepared.text);
  const candidates = new Map<boolean, BodyCandidates>();
  let declared: DeclaredMeta = {};
  for (const furnitureNames of [true, false]) {
    const { document } = parseHTML(prepared.text);
    declared = readHtmlMetadata(document as unknown as MetaDocument);
    candidates.set(furnitureNames, bodyCandidates(prepared.text, document, { furnitureNames }));
  }
  return { id, url: truth[id].url, truth: truth[id].articleBody, fold: i % FOLDS, prepared, declared, candidates, readability: shingleMatch(truth[id].articleBody, plain) };
}

const memo = new Map<string, TpFpFn>();
/** A page's TP/FP/FN under a policy (memoised: coordinate ascent asks again and again). */
function match(page: Page, policy: ExtractionPolicy): TpFpFn {
  const key = `${page.id}\0${JSON.stringify(policy)}`;
  let m = memo.get(key);
  if (!m) {
    const body = chooseArticleBody(page.candidates.get(policy.html.furnitureNames)!, policy.html);
    const read = { blocks: body.blocks.map(({ kind, text }) => ({ kind, text })), declared: page.declared, dropped: body.dropped };
    m = shingleMatch(page.truth, textOf(finishDocument(page.prepared, read, { policy })));
    memo.set(key, m);
  }
  return m;
}

const f1 = (pages: Page[], policy: ExtractionPolicy) => extractionScores(pages.map((p) => match(p, policy))).f1;
const summary = (ms: TpFpFn[]) => {
  const s = extractionScores(ms);
  return { f1: +s.f1.toFixed(4), precision: +s.precision.toFixed(4), recall: +s.recall.toFixed(4), pagesBelow05: ms.filter((m) => pageF1(m) < 0.5).length, emptyPages: ms.filter((m) => m[0] + m[1] === 0).length };
};
/** Only what differs from the baseline, for reading. */
function diff(policy: ExtractionPolicy): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const scope of ['html', 'htmlCleaning'] as const) {
    for (const [k, v] of Object.entries(policy[scope])) if (JSON.stringify((LEGACY_POLICY[scope] as unknown as Record<string, unknown>)[k]) !== JSON.stringify(v)) out[`${scope}.${k}`] = v;
  }
  return out;
}

console.log(`reading ${ids.length} pages...`);
const pages = ids.map(loadPage);

// Out of fold: each fold scored with the policy fitted on the others.
const oof = new Map<string, TpFpFn>();
const gains: Record<string, number[]> = Object.fromEntries(RULES.map((r) => [r, []]));
const folds = [];
for (let k = 0; k < FOLDS; k++) {
  const train = pages.filter((p) => p.fold !== k);
  const test = pages.filter((p) => p.fold === k);
  const fitted = fitPolicy(DESIGN_POLICY, (p) => f1(train, p));
  for (const p of test) oof.set(p.id, match(p, fitted.policy));
  const heldOut = f1(test, fitted.policy);
  for (const rule of RULES) gains[rule].push(heldOut - f1(test, withRuleOff(fitted.policy, rule)));
  folds.push({
    fold: k + 1,
    pages: test.length,
    readability: +extractionScores(test.map((p) => p.readability)).f1.toFixed(4),
    before: +f1(test, LEGACY_POLICY).toFixed(4),
    outOfFold: +heldOut.toFixed(4),
    fittedOn: +fitted.score.toFixed(4),
    chosen: diff(fitted.policy),
  });
  console.log(`fold ${k + 1}: readability ${folds[k].readability}, before ${folds[k].before}, out of fold ${folds[k].outOfFold} (fit ${folds[k].fittedOn})`, folds[k].chosen);
}

// The shipped policy: the same fit on every page.
const full = fitPolicy(DESIGN_POLICY, (p) => f1(pages, p));
if (process.argv.includes('--write')) {
  const file = path.resolve(here, '../lambdas/domain/text/extraction/extraction-policy.json');
  const about = 'Written by bench/extraction.bench.ts (npm run bench -- extraction --write): the rules fitted on all public benchmark pages by domain/text/extraction/fit-policy.ts; their out-of-fold figures are in bench/results/extraction.json.';
  writeFileSync(file, `${JSON.stringify({ about, html: full.policy.html, htmlCleaning: full.policy.htmlCleaning }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

// Speed, warm and interleaved page by page: the shipped policy through the ingest entry point
// (decode, depth pre-scan, metadata, Readability, rules, cleaning, passages) beside Readability alone.
let shippedMs = 0;
let readabilityMs = 0;
for (const p of pages) {
  const bytes = gunzipSync(readFileSync(path.join(DATA, 'html', `${p.id}.html.gz`)));
  let t = performance.now();
  ingestDocument(`${p.id}.html`, bytes, { policy: DEFAULT_POLICY });
  shippedMs += performance.now() - t;
  t = performance.now();
  readabilityText(p.prepared.text);
  readabilityMs += performance.now() - t;
}

const oofMatches = pages.map((p) => oof.get(p.id)!);
const result = {
  benchmark: 'extraction',
  data: 'scrapinghub article-extraction-benchmark, public pages in ../shared/bench (MIT)',
  pages: pages.length,
  folds: FOLDS,
  machine: machineInfo(),
  headline: 'outOfFold: each page scored with rules and thresholds chosen on the other folds',
  outOfFold: summary(oofMatches),
  readability: { ...summary(pages.map((p) => p.readability)), msPerPage: +(readabilityMs / pages.length).toFixed(1) },
  beforeInSample: { ...summary(pages.map((p) => match(p, LEGACY_POLICY))), note: 'every rule on, as before this measurement; its rules were written on these pages' },
  shipped: { ...summary(pages.map((p) => match(p, DEFAULT_POLICY))), chosen: diff(DEFAULT_POLICY), msPerPage: +(shippedMs / pages.length).toFixed(1), note: 'in-sample: the checked-in policy scored on the pages it was fitted on; never the headline' },
  perFold: folds,
  ruleGainsOutOfFold: Object.fromEntries(RULES.map((r) => [r, { meanGain: +(gains[r].reduce((a, b) => a + b, 0) / FOLDS).toFixed(4), perFold: gains[r].map((g) => +g.toFixed(4)) }])),
  fullFit: { f1: +full.score.toFixed(4), chosen: diff(full.policy) },
  worstPages: pages
    .map((p) => ({ id: p.id.slice(0, 12), url: p.url, f1: +pageF1(oof.get(p.id)!).toFixed(3), readabilityF1: +pageF1(p.readability).toFixed(3) }))
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 10),
};
writeFileSync(path.join(here, 'results/extraction.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ outOfFold: result.outOfFold, readability: result.readability, beforeInSample: result.beforeInSample, gains: result.ruleGainsOutOfFold, fullFit: result.fullFit }, null, 2));
