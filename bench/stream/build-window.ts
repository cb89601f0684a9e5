/**
 * One build in a fresh process, so its peak memory is its own (used by stream.bench.ts):
 * `node bin/run-ts.mjs bench/stream/build-window.ts MODE CORPUS INDEX THEMES NOW`.
 * MODE `window` loads the theme's window from the index and builds the digest; `whole`
 * ingests the whole corpus folder in one pass and builds the digest over all of it (the
 * baseline: how builds worked before the index). A window build runs once cold, then nine
 * times; its time is their median (and the first run's), its memory the peak RSS of the first
 * build (a cold invocation), with the peak after all runs beside it. Prints one JSON line.
 */
import { FsCorpusReader } from '../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { FsIndexStore } from '../../lambdas/adapters/fs/fs-index-store.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import { WorkerPoolExtractor } from '../../lambdas/adapters/workers/worker-pool-extractor.ts';
import { buildDigest } from '../../lambdas/domain/digest/build-digest.ts';
import { windowStart } from '../../lambdas/domain/stream/window.ts';
import { ingestCorpus } from '../../lambdas/services/ingest-corpus.ts';
import { loadCorpusWindow } from '../../lambdas/services/load-corpus-window.ts';

const [mode, corpusDir, indexDir, themesFile, nowText] = process.argv.slice(2);
const now = new Date(nowText);
const theme = (await loadThemes(themesFile))[0];
/** One build: load (or ingest) the corpus, then the digest. */
async function build() {
  const t0 = performance.now();
  const corpus =
    mode === 'whole'
      ? await ingestCorpus(new FsCorpusReader(corpusDir), { parallel: { extractor: new WorkerPoolExtractor(), minJobs: 40 } })
      : await loadCorpusWindow(new FsIndexStore(indexDir), windowStart(theme.window, now));
  const loadSeconds = (performance.now() - t0) / 1000;
  const digest = buildDigest(corpus, mode === 'whole' ? { ...theme, window: { kind: 'all' } } : theme, { now });
  return { seconds: (performance.now() - t0) / 1000, loadSeconds, articles: corpus.sources.length, excerpts: digest.excerpts.length };
}

// The first build is cold (code compiled on first use); the figure is the median of the next ones.
const first = await build();
// One build's peak (as a cold Lambda invocation sees it), before the repeats add their garbage.
const firstPeakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
const runs = [first];
if (mode !== 'whole') {
  runs.length = 0;
  for (let i = 0; i < 9; i++) runs.push(await build());
}
const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
console.log(JSON.stringify({ mode, ...median, firstSeconds: first.seconds, runs: runs.length, peakRssMB: firstPeakRssMB, peakRssAfterRunsMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
process.exit(0);
