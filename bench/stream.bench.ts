/**
 * Stream benchmark: a newsletter over a growing corpus.
 *
 * A year in simulation: 52 weekly batches of dated articles (BBC articles spread over the
 * year, with generated filler from a bigram model of the BBC and sample texts), reposts and
 * spun copies of earlier weeks' articles planted in later weeks (one copy in week 30 of an
 * article from week 2), collected into one corpus folder and ingested incrementally; a weekly
 * theme (8-day default window) is built each week with the theme's history left out, as
 * prepareIssue does. Reported for weeks 1, 26 and 52: ingest time of the week's batch, build
 * time and peak memory of the theme's build (each in a fresh process), and the baseline in
 * the same run: the whole-corpus ingest and build every week did before the index.
 * Over the year: ages of quoted articles, repeats across issues, copies quoted.
 *
 * Then an archive of STREAM_ARCHIVE (default 100,000) generated articles over a year: the
 * ingest of one more day (300 articles) and a 7-day-window build (fresh process: time, peak
 * memory). Writes bench/results/stream.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsCorpusReader } from '../lambdas/adapters/fs/fs-corpus-reader.ts';
import { FsIndexStore } from '../lambdas/adapters/fs/fs-index-store.ts';
import { loadThemes } from '../lambdas/adapters/fs/themes-file.ts';
import { WorkerPoolExtractor } from '../lambdas/adapters/workers/worker-pool-extractor.ts';
import { buildDigest, copySources } from '../lambdas/domain/digest/build-digest.ts';
import { ageInDays, articleDay } from '../lambdas/domain/stream/article-date.ts';
import { windowStart } from '../lambdas/domain/stream/window.ts';
import { comparableForm } from '../lambdas/domain/text/normalize.ts';
import { loadCorpusWindow } from '../lambdas/services/load-corpus-window.ts';
import { readManifest, updateCorpusIndex } from '../lambdas/services/update-corpus-index.ts';
import { sentence, train, trainingTexts } from './corpus-generator.ts';
import { machineInfo } from './machine.ts';
import { seededRandom, spin } from './spin.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..');
const DAY = 86_400_000;
const WEEKS = 52;
const FILLER_PER_WEEK = 40;
const ARCHIVE = Number(process.env.STREAM_ARCHIVE ?? 100_000);
const DAY_BATCH = 300;
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);

const model = train(trainingTexts());
const pool = new WorkerPoolExtractor();
const ingestOptions = { parallel: { extractor: pool, minJobs: 40 } };

/** A generated article (filler): bigram-model paragraphs under a numbered title. */
function fillerArticle(n: number, date: string, rnd: () => number): string {
  const paragraphs = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => sentence(model, rnd)).join(' '));
  return `---\ndate: ${date}\n---\nStory number ${n} of the stream\n\n${paragraphs.join('\n\n')}\n`;
}

/** The BBC articles (topic/file -> text), in a fixed shuffled order. */
function bbcArticles(rnd: () => number): { id: string; title: string; body: string }[] {
  const dir = path.resolve(ROOT, '../shared/bench/bbc-news-summary/article');
  const out = readdirSync(dir).flatMap((topic) => readdirSync(path.join(dir, topic)).map((f) => {
    const [title, ...rest] = readFileSync(path.join(dir, topic, f), 'utf8').trim().split('\n');
    return { id: `${topic}-${f.replace(/\.txt$/, '')}`, title: title.trim(), body: rest.join('\n').trim() };
  }));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Runs one build in a fresh process (bench/stream/build-window.ts) and returns its figures. */
function buildInChild(mode: 'window' | 'whole', corpusDir: string, indexDir: string, themesFile: string, now: Date): { seconds: number; firstSeconds: number; loadSeconds: number; articles: number; excerpts: number; peakRssMB: number } {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), path.join(here, 'stream/build-window.ts'), mode, corpusDir, indexDir, themesFile, now.toISOString()], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  return { ...r, seconds: round(r.seconds, 3), firstSeconds: round(r.firstSeconds, 3), loadSeconds: round(r.loadSeconds, 3) };
}

/** The year: weekly batches, weekly builds. */
async function simulateYear(work: string) {
  const rnd = seededRandom(7);
  const corpusDir = path.join(work, 'year-corpus');
  const indexDir = path.join(work, 'year-index');
  mkdirSync(corpusDir, { recursive: true });
  const themesFile = path.join(work, 'weekly-theme.yaml');
  // A judged news theme (bench/judged/themes-news.yaml), scheduled weekly with its default window.
  writeFileSync(themesFile, 'themes:\n  - id: world-economy\n    title: The world economy\n    description: Macroeconomic news from around the world, growth and recession, jobs figures, interest rates, currencies and exchange-rate pegs, government deficits, and the economic diplomacy of the G7 and the IMF.\n    keywords: [economic growth, recession, interest rates, exchange rate, deficit, G7]\n    schedule: cron(0 7 ? * MON *)\n    timezone: UTC\n    minExcerpts: 1\n');
  const theme = (await loadThemes(themesFile))[0];
  const store = new FsIndexStore(indexDir);
  const bbc = bbcArticles(rnd);
  const perWeek = Math.ceil(bbc.length / WEEKS);
  const firstAnchor = Date.UTC(2026, 0, 12, 7); // Monday 12 January 2026, 07:00
  const placed: { id: string; week: number; body: string; title: string }[] = [];
  const copies = new Set<string>();
  const planted: { copy: string; original: string; kind: string; week: number; originalWeek: number }[] = [];
  const history = new Set<string>();
  const quoted = new Map<string, number>();
  const ages: number[] = [];
  let outsideWindow = 0;
  let repeats = 0;
  let copiesQuoted = 0;
  let n = 0;
  const weeks: Record<number, unknown> = {};
  for (let week = 1; week <= WEEKS; week++) {
    const anchor = new Date(firstAnchor + (week - 1) * 7 * DAY);
    const dayOf = (k: number) => new Date(anchor.getTime() - (1 + (k % 7)) * DAY).toISOString().slice(0, 10);
    const write = (id: string, text: string) => writeFileSync(path.join(corpusDir, id), text);
    for (const [k, a] of bbc.slice((week - 1) * perWeek, week * perWeek).entries()) {
      const id = `w${String(week).padStart(2, '0')}-bbc-${a.id}.txt`;
      write(id, `---\ndate: ${dayOf(k)}\n---\n${a.title}\n\n${a.body}\n`);
      placed.push({ id, week, body: a.body, title: a.title });
    }
    for (let k = 0; k < FILLER_PER_WEEK; k++) write(`w${String(week).padStart(2, '0')}-gen-${n++}.txt`, fillerArticle(n, dayOf(k), rnd));
    // Reposts and spun copies of earlier weeks' articles (week 30 always copies one of week 2).
    const earlier = placed.filter((p) => p.week < week);
    if (week >= 3 && earlier.length) {
      // Week 30 reposts a week-2 article, a business one when there is one (on the weekly theme, so quoting it would show).
      const week2 = earlier.filter((p) => p.week === 2);
      const pickOriginal = (k: number) => (week === 30 && k === 0 ? week2.find((p) => p.id.includes('-bbc-business-')) ?? week2[0] ?? earlier[0] : earlier[Math.floor(rnd() * earlier.length)]);
      for (const [k, kind] of (['repost', 'spun'] as const).entries()) {
        const o = pickOriginal(k);
        const id = `w${String(week).padStart(2, '0')}-${kind}-of-${o.id}`;
        const body = kind === 'repost' ? `Reposted from the wires.\n\n${o.body}` : spin(o.body, 0.6, rnd);
        write(id, `---\ndate: ${dayOf(k + 3)}\n---\n${kind === 'repost' ? o.title : `What to know: ${o.title}`}\n\n${body}\n`);
        copies.add(id);
        planted.push({ copy: id, original: o.id, kind, week, originalWeek: o.week });
      }
    }
    const t0 = performance.now();
    const { report } = await updateCorpusIndex(new FsCorpusReader(corpusDir), store, { ...ingestOptions, now: anchor });
    const ingestSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const corpus = await loadCorpusWindow(store, windowStart(theme.window, anchor));
    const digest = buildDigest(corpus, theme, { now: anchor, excludePassageIds: history });
    const buildSeconds = (performance.now() - t1) / 1000;
    for (const e of digest.excerpts) {
      const source = corpus.sources.find((s) => s.id === e.sourceId)!;
      const age = ageInDays(articleDay(source)!, anchor);
      ages.push(age);
      if (age > 8) outsideWindow++;
      if (copies.has(e.sourceId)) copiesQuoted++;
      const key = comparableForm(e.text);
      if (history.has(e.id) || quoted.has(key)) repeats++;
      quoted.set(key, week);
      history.add(e.id);
    }
    if (week === 1 || week === 26 || week === 52) {
      const child = buildInChild('window', corpusDir, indexDir, themesFile, anchor);
      weeks[week] = {
        corpusArticles: report.files,
        batch: report.added.length,
        ingestSeconds: round(ingestSeconds),
        copiesFoundInBatch: report.copies,
        buildSeconds: child.seconds,
        buildLoadSeconds: child.loadSeconds,
        buildFirstSeconds: child.firstSeconds,
        buildPeakRssMB: child.peakRssMB,
        windowArticles: child.articles,
        excerpts: digest.excerpts.length,
        segmentsLoaded: corpus.loaded,
        baselineWholeCorpus: buildInChild('whole', corpusDir, indexDir, themesFile, anchor),
      };
      console.log(`week ${week}: ${JSON.stringify(weeks[week])}`);
    }
    if (week % 10 === 0) console.log(`week ${week}: ingest ${round(ingestSeconds)} s, build ${round(buildSeconds)} s, ${digest.excerpts.length} excerpts`);
  }
  const w1 = weeks[1] as { buildSeconds: number; buildLoadSeconds: number; buildPeakRssMB: number; windowArticles: number; excerpts: number };
  const w52 = weeks[52] as typeof w1;
  const week30 = planted.find((p) => p.week === 30 && p.originalWeek === 2);
  // Which planted copies the index knows as copies (wherever their original sits).
  const held = await loadCorpusWindow(store, null);
  const known = copySources(held);
  const found = (kind: string) => planted.filter((p) => p.kind === kind);
  const recall = (ps: typeof planted) => (ps.length ? round(ps.filter((p) => known.has(p.copy)).length / ps.length, 3) : null);
  const manifest = (await readManifest(store))!;
  return {
    weeks,
    // The load (reading the window from the index) is what the archive's size could make grow;
    // the digest's share grows with what the window holds (articles, relevant passages).
    growth: {
      buildSeconds: round(w52.buildSeconds / w1.buildSeconds),
      loadSeconds: round(w52.buildLoadSeconds / w1.buildLoadSeconds),
      peakRss: round(w52.buildPeakRssMB / w1.buildPeakRssMB),
      windowArticles: `${w1.windowArticles} -> ${w52.windowArticles}`,
      excerpts: `${w1.excerpts} -> ${w52.excerpts}`,
    },
    quotedArticles: { excerpts: ages.length, medianAgeDays: median(ages), maxAgeDays: Math.max(...ages), outsideWindow },
    repeatsAcrossYear: repeats,
    copies: {
      planted: planted.length,
      quoted: copiesQuoted,
      knownAsCopies: { repost: recall(found('repost')), spun: recall(found('spun')), acrossMoreThan4Weeks: recall(planted.filter((p) => p.week - p.originalWeek > 4)) },
      week30CopyOfWeek2: week30 ? { copy: week30.copy, original: week30.original, knownAsCopy: known.has(week30.copy) } : null,
    },
    indexEntries: manifest.entries.size,
    segments: { days: manifest.segments.size, sketchWeeks: manifest.sketches.size },
  };
}

/** The archive: ARCHIVE articles over a year, then one more day and a 7-day build. */
async function bigArchive(work: string) {
  const rnd = seededRandom(11);
  const corpusDir = path.join(work, 'archive-corpus');
  const indexDir = path.join(work, 'archive-index');
  mkdirSync(corpusDir, { recursive: true });
  const themesFile = path.join(work, 'archive-theme.yaml');
  writeFileSync(themesFile, 'themes:\n  - id: world-economy\n    title: The world economy\n    description: Macroeconomic news from around the world, growth and recession, jobs figures, interest rates, currencies, government deficits.\n    keywords: [economic growth, recession, interest rates, exchange rate, deficit, G7]\n    window: 7d\n    minExcerpts: 1\n');
  const store = new FsIndexStore(indexDir);
  const end = Date.UTC(2026, 11, 28, 7);
  const days = 365;
  const perDay = Math.ceil(ARCHIVE / days);
  let n = 0;
  const t0 = performance.now();
  // The archive is ingested a week at a time, as a year of collects would.
  for (let week = 0; week < Math.ceil(days / 7); week++) {
    for (let d = week * 7; d < Math.min(days, (week + 1) * 7); d++) {
      const date = new Date(end - (days - d) * DAY).toISOString().slice(0, 10);
      for (let k = 0; k < perDay && n < ARCHIVE; k++) writeFileSync(path.join(corpusDir, `d${String(d).padStart(3, '0')}-${n}.txt`), fillerArticle(n++, date, rnd));
    }
    await updateCorpusIndex(new FsCorpusReader(corpusDir), store, { ...ingestOptions, now: new Date(end - (days - (week + 1) * 7) * DAY) });
    if (week % 10 === 0) console.log(`archive: ${n} articles after ${round((performance.now() - t0) / 1000)} s`);
  }
  const buildArchiveSeconds = (performance.now() - t0) / 1000;
  const today = new Date(end).toISOString().slice(0, 10);
  for (let k = 0; k < DAY_BATCH; k++) writeFileSync(path.join(corpusDir, `today-${k}.txt`), fillerArticle(n++, today, rnd));
  const t1 = performance.now();
  const { report } = await updateCorpusIndex(new FsCorpusReader(corpusDir), store, { ...ingestOptions, now: new Date(end) });
  const daySeconds = (performance.now() - t1) / 1000;
  const build = buildInChild('window', corpusDir, indexDir, themesFile, new Date(end));
  const indexBytes = readdirSync(indexDir, { recursive: true }).map((f) => path.join(indexDir, String(f))).filter((f) => statSync(f).isFile()).reduce((s, f) => s + statSync(f).size, 0);
  return {
    articles: n,
    ingestArchiveSeconds: round(buildArchiveSeconds),
    oneMoreDay: { articles: report.added.length, seconds: round(daySeconds), extracted: report.extracted, segmentsWritten: report.segmentsWritten.length, steps: report.seconds },
    sevenDayBuild: build,
    indexMB: round(indexBytes / 1e6, 1),
    goals: { oneMoreDaySeconds: 5, buildSeconds: 5, buildPeakRssMB: 500 },
  };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'stream-bench-'));
try {
  const year = await simulateYear(work);
  console.log(JSON.stringify(year, null, 2));
  const archive = await bigArchive(work);
  console.log(JSON.stringify(archive, null, 2));
  const result = {
    benchmark: 'stream',
    method: 'one Node process ingests (incremental index in a folder, extraction in a worker pool); every build figure of weeks 1/26/52 and the archive build is measured in a fresh process (peak RSS = its maxRSS); the baseline is the whole-corpus ingest + build of the same week in a fresh process, without the extraction cache',
    year: { ...year, goals: { growth: 1.5, outsideWindow: 0, repeats: 0, copiesQuoted: 0 } },
    archive,
    machine: machineInfo(),
  };
  writeFileSync(path.join(here, 'results', 'stream.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
