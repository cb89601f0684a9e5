/**
 * Ingest benchmark at scale: a generated 10,000-article corpus (bench/corpus-generator.ts:
 * a bigram model trained on the BBC and sample articles, with planted exact and spun copies)
 * goes through ingest + dedupe + index; reports wall time, peak RSS, dedupe recall and
 * precision of the planted copies at source level, and the time of the ingest report
 * (`newsletter ingest`'s per-source listing). Baseline in the same run: the same pipeline on
 * 1,000 articles, to show growth is close to linear (dedupe and the report are not
 * quadratic). Peak RSS is the process's high-water mark (maxRSS), read after both runs
 * (ingest blocks the event loop, so a timer would miss its peak). The stream's stored index
 * (segments) is measured by stream.bench.ts. Writes bench/results/ingest.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestReport } from '../lambdas/cli/ingest-report.ts';
import { buildSearchIndex } from '../lambdas/domain/digest/search-index.ts';
import { ingestCorpus } from '../lambdas/services/ingest-corpus.ts';
import { generateCorpus } from './corpus-generator.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The process's peak resident memory so far, in MB. */
const peakRssMB = () => Math.round((process.resourceUsage().maxRSS * 1024) / 1e6);

async function run(articles: number) {
  const g = generateCorpus({ articles, seed: 42 });
  const t0 = performance.now();
  const corpus = await ingestCorpus(g.reader);
  const index = buildSearchIndex(corpus.passages);
  const seconds = (performance.now() - t0) / 1000;
  // The `newsletter ingest` report of a first ingest lists every source with its passages.
  const t1 = performance.now();
  ingestReport(corpus);
  const reportMs = Math.round(performance.now() - t1);
  const found = new Map<string, string>();
  for (const s of corpus.sources) for (const d of s.duplicates) found.set(d.sourceId, s.id);
  const plantedCopies = new Set(g.planted.map((p) => p.copy));
  // A copy of a planted copy is reported against the first original: follow the chain.
  const plantedOf = new Map(g.planted.map((p) => [p.copy, p.original]));
  const rootOf = (id: string): string => (plantedOf.has(id) ? rootOf(plantedOf.get(id)!) : id);
  const hit = (p: (typeof g.planted)[number]) => found.get(p.copy) === p.original || found.get(p.copy) === rootOf(p.original);
  const hits = g.planted.filter(hit).length;
  const byKind = (k: 'exact' | 'paraphrase') => {
    const ps = g.planted.filter((p) => p.kind === k);
    return ps.length ? ps.filter(hit).length / ps.length : null;
  };
  return {
    articles,
    passages: corpus.passages.length,
    mergedPassages: corpus.merged.length,
    seconds: Math.round(seconds * 100) / 100,
    reportMs,
    planted: g.planted.length,
    recall: g.planted.length ? hits / g.planted.length : null,
    recallExact: byKind('exact'),
    recallSpun: byKind('paraphrase'),
    // Found source-level copies that were not planted (the generator may itself repeat long runs).
    unplannedSourceCopies: [...found.keys()].filter((c) => !plantedCopies.has(c)).length,
    corpus,
    index,
  };
}

const small = await run(1000);
const big = await run(10_000);
const ingestPeakRssMB = peakRssMB();

const strip = ({ corpus: _c, index: _i, ...rest }: Awaited<ReturnType<typeof run>>) => rest;
const result = {
  benchmark: 'ingest',
  method: 'generated corpus (bigram model over the BBC subset + sample corpus; 3% exact and 3% spun copies of earlier articles planted); ingest + dedupe + BM25 index in one Node process (the 1,000-article baseline first); peakRssMB is the process maxRSS after ingest + index of both (and the ingest report)',
  baseline1k: strip(small),
  tenThousand: strip(big),
  growthFactor: Math.round((big.seconds / small.seconds) * 100) / 100,
  reportGrowthFactor: Math.round((big.reportMs / Math.max(1, small.reportMs)) * 10) / 10,
  peakRssMB: ingestPeakRssMB,
  goals: { seconds: 20, peakRssMB: 1500 },
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'ingest.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
