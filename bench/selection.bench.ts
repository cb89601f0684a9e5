/**
 * Selection benchmark: precision@5 and nDCG@5 of the digest against the graded judgments
 * in test/fixtures/selection, compared in the same run with a plain BM25 over the raw
 * paragraphs of the files (no cleaning, no dedupe, no phrases, no cut); boilerplate,
 * duplicate and fragment counts among the top 5 of each; warm digest latency on the sample
 * corpus; per-theme latency on the generated 10,000-article index.
 * Writes bench/results/selection.json.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsCorpusReader } from '../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../lambdas/adapters/fs/themes-file.ts';
import { buildDigest } from '../lambdas/domain/digest/build-digest.ts';
import { buildQuery } from '../lambdas/domain/digest/query.ts';
import { rankPassages } from '../lambdas/domain/digest/rank.ts';
import { buildSearchIndex, indexText } from '../lambdas/domain/digest/search-index.ts';
import { comparableForm, wordCount } from '../lambdas/domain/text/normalize.ts';
import { ingestCorpus } from '../lambdas/services/ingest-corpus.ts';
import type { Passage } from '../lambdas/domain/types.ts';
import { generateCorpus } from './corpus-generator.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const judgments = JSON.parse(readFileSync(path.join(root, 'test/fixtures/selection/judgments.json'), 'utf8')).themes as Record<string, Record<string, number>>;
const corpus = await ingestCorpus(new FsCorpusReader(path.join(root, 'corpus')));
const themes = await loadThemes(path.join(root, 'themes.yaml'));
const copies = new Set(corpus.sources.flatMap((s) => s.duplicates.map((d) => d.sourceId)));
const dropped = corpus.dropped.map((d) => comparableForm(d.text)).filter((t) => t.length > 3);

function ndcg(grades: number[], ideal: number[]): number {
  const dcg = (g: number[]) => g.slice(0, 5).reduce((s, x, i) => s + (2 ** x - 1) / Math.log2(i + 2), 0);
  const best = dcg([...ideal].sort((a, b) => b - a));
  return best ? dcg(grades) / best : 0;
}

/** Grade of a raw paragraph: the best grade of a judged passage whose text it contains. */
function gradeRaw(raw: string, grades: Record<string, number>): number {
  const form = comparableForm(raw);
  let g = 0;
  for (const [id, grade] of Object.entries(grades)) {
    const p = corpus.passages.find((x) => x.id === id);
    if (p && form.includes(comparableForm(p.text).slice(0, 80))) g = Math.max(g, grade);
  }
  return g;
}

// Baseline: plain BM25 (same analyzer, k1/b) over raw paragraphs of every file.
const rawParagraphs: { sourceId: string; text: string }[] = [];
for (const f of readdirSync(path.join(root, 'corpus')).sort()) {
  for (const p of readFileSync(path.join(root, 'corpus', f), 'utf8').split(/\n\s*\n/)) if (p.trim()) rawParagraphs.push({ sourceId: f, text: p.trim() });
}
const rawPassages = rawParagraphs.map((p, i) => ({ id: `${p.sourceId}#raw${i}`, sourceId: p.sourceId, text: p.text }) as unknown as Passage);
const rawIndex = buildSearchIndex(rawPassages);

const perTheme: Record<string, unknown> = {};
const totals = { ours: { p5: 0, ndcg5: 0 }, baseline: { p5: 0, ndcg5: 0 } };
for (const [themeId, grades] of Object.entries(judgments)) {
  const theme = themes.find((t) => t.id === themeId)!;
  const digest = buildDigest(corpus, theme, { now: new Date(), maxExcerpts: 5 });
  const ours = digest.excerpts.map((e) => grades[e.id] ?? 0);
  const query = buildQuery(theme);
  const base = rankPassages(rawIndex, { terms: new Map([...query.terms].map(([k]) => [k, 1])), phrases: [] }).slice(0, 5).map((s) => rawPassages[s.index]);
  const baseGrades = base.map((p) => gradeRaw(p.text, grades));
  const ideal = Object.values(grades);
  const quality = (texts: { text: string; sourceId: string }[]) => ({
    boilerplate: texts.filter((t) => dropped.some((d) => comparableForm(t.text).includes(d) && d.length > comparableForm(t.text).length * 0.5)).length,
    duplicates: texts.filter((t) => copies.has(t.sourceId)).length,
    fragments: texts.filter((t) => wordCount(t.text) < 12).length,
  });
  const p5 = (g: number[]) => g.filter((x) => x > 0).length / 5;
  perTheme[themeId] = {
    ours: { excerpts: digest.excerpts.length, precisionAt5: p5(ours), precisionAt5OfReturned: ours.length ? ours.filter((x) => x > 0).length / ours.length : 0, ndcgAt5: ndcg(ours, ideal), ...quality(digest.excerpts) },
    baseline: { precisionAt5: p5(baseGrades), ndcgAt5: ndcg(baseGrades, ideal), ...quality(base) },
  };
  totals.ours.p5 += p5(ours) / 3;
  totals.ours.ndcg5 += ndcg(ours, ideal) / 3;
  totals.baseline.p5 += p5(baseGrades) / 3;
  totals.baseline.ndcg5 += ndcg(baseGrades, ideal) / 3;
}

// Warm latency on the sample corpus: index built once, digest per theme.
const index = buildSearchIndex(corpus.passages);
const warm: number[] = [];
for (let i = 0; i < 60; i++) {
  const t0 = performance.now();
  buildDigest(corpus, themes[i % themes.length], { now: new Date(), index });
  warm.push(performance.now() - t0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Per-theme latency on a 10,000-article generated corpus (see bench/corpus-generator.ts).
const big = generateCorpus({ articles: 10_000, seed: 42 });
const bigCorpus = await ingestCorpus(big.reader);
const bigIndex = buildSearchIndex(bigCorpus.passages);
const timeDigest = (t: (typeof themes)[number]) => {
  const t0 = performance.now();
  buildDigest(bigCorpus, t, { now: new Date(), index: bigIndex });
  return performance.now() - t0;
};
const tenth = (ms: number) => Math.round(ms * 10) / 10;
// Each theme's first digest on the index (the first theme's also pays for warming the code),
// then the median and the slowest of five more.
const bigTimes: Record<string, number> = {};
for (const t of themes) bigTimes[t.id] = tenth(timeDigest(t));
const bigWarm: Record<string, { medianMs: number; maxMs: number }> = {};
for (const t of themes) {
  const runs = Array.from({ length: 5 }, () => timeDigest(t));
  bigWarm[t.id] = { medianMs: tenth(median(runs)), maxMs: tenth(Math.max(...runs)) };
}
void indexText;

const result = {
  benchmark: 'selection',
  judgments: 'test/fixtures/selection/judgments.json (junior-partner, war-and-sanctions, arms-and-exercises)',
  inSample: 'these three themes are among those the shipped relevance model was fitted on, so `mean` is in sample; the same themes out of fold are in bench/results/editorial.json (kind "earlier")',
  baseline: 'plain BM25 (k1 1.2, b 0.75, same stemmer) over raw blank-line paragraphs of the files, unweighted query words, top 5',
  mean: totals,
  perTheme,
  latency: { sampleCorpusWarmMedianMs: Math.round(median(warm) * 100) / 100, tenThousandArticles: { passages: bigCorpus.passages.length, perThemeMs: bigTimes, perThemeWarm: bigWarm } },
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'selection.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify({ mean: totals, latency: result.latency }, null, 2));
