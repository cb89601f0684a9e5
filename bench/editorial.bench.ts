/**
 * Editorial benchmark: issues as an editor reads them, on themes written and judged before
 * any tuning (test/fixtures/selection/unseen-*.{yaml,json}: 4 themes over the sample corpus,
 * 6 over a 60-article BBC selection) and on the seed judgments of three product themes.
 * Per theme and in total: P@5 (relevant share of what is shown, at most 5), strict P@5
 * (over 5 slots), nDCG@5, excerpts per issue, padding (irrelevant excerpts shown), dangling
 * openers, unbalanced quotes, glued footnotes, repeated sentences, the most excerpts from one
 * source, and excerpts quoted from a known copy; beside a plain BM25 top 5 over the same
 * passages in the same run. Also the editorial counts of every theme of themes.yaml.
 * Writes bench/results/editorial.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsCorpusReader } from '../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../lambdas/adapters/fs/themes-file.ts';
import { buildDigest } from '../lambdas/domain/digest/build-digest.ts';
import { buildQuery } from '../lambdas/domain/digest/query.ts';
import { rankPassages } from '../lambdas/domain/digest/rank.ts';
import { buildSearchIndex } from '../lambdas/domain/digest/search-index.ts';
import type { Corpus, Theme } from '../lambdas/domain/types.ts';
import { ingestCorpus } from '../lambdas/services/ingest-corpus.ts';
import { editorialCounts } from './lib/editorial-metrics.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const sel = path.join(root, 'test/fixtures/selection');
const unseen = JSON.parse(readFileSync(path.join(sel, 'unseen-judgments.json'), 'utf8')) as { themes: Record<string, { corpus: 'sample' | 'bbc'; grades: Record<string, number> }> };
const seed = JSON.parse(readFileSync(path.join(sel, 'judgments.json'), 'utf8')).themes as Record<string, Record<string, number>>;
const corpora: Record<string, Corpus> = {
  sample: await ingestCorpus(new FsCorpusReader(path.join(root, 'corpus'))),
  bbc: await ingestCorpus(new FsCorpusReader(path.join(sel, 'bbc-corpus'))),
};
/** Sources that are copies of another source in the corpus (recorded by dedupe at source level or mostly merged). */
const copySources = (c: Corpus) => new Set(c.sources.flatMap((s) => s.duplicates.filter((d) => !d.passageId).map((d) => d.sourceId)));
const unseenThemes = await loadThemes(path.join(sel, 'unseen-themes.yaml'));
const productThemes = await loadThemes(path.join(root, 'themes.yaml'));
const now = new Date('2026-11-30T08:00:00Z');

function ndcg(grades: number[], ideal: number[]): number {
  const dcg = (g: number[]) => g.slice(0, 5).reduce((s, x, i) => s + (2 ** x - 1) / Math.log2(i + 2), 0);
  const best = dcg([...ideal].sort((a, b) => b - a));
  return best ? dcg(grades) / best : 0;
}

function evaluate(theme: Theme, corpus: Corpus, grades: Record<string, number>) {
  const digest = buildDigest(corpus, theme, { now });
  const g = digest.excerpts.slice(0, 5).map((e) => grades[e.id] ?? 0);
  const idx = buildSearchIndex(corpus.passages);
  const q = buildQuery(theme);
  const base = rankPassages(idx, q).slice(0, 5).map((s) => corpus.passages[s.index]);
  const bg = base.map((p) => grades[p.id] ?? 0);
  const copies = copySources(corpus);
  const baseDigest = { excerpts: base.map((p) => ({ id: p.id, text: p.text, sourceId: p.sourceId })), summary: { sentences: [] } } as unknown as Parameters<typeof editorialCounts>[0];
  const relevantExist = Object.values(grades).filter((x) => x > 0).length;
  return {
    ours: {
      precisionAt5: g.length ? g.filter((x) => x > 0).length / g.length : relevantExist ? 0 : 1,
      strictPrecisionAt5: g.filter((x) => x > 0).length / 5,
      ndcgAt5: ndcg(g, Object.values(grades)),
      padding: g.filter((x) => x === 0).length,
      copiesQuoted: digest.excerpts.filter((e) => copies.has(e.sourceId)).length,
      status: (digest as { status?: string }).status ?? 'ok',
      ...editorialCounts(digest),
    },
    baseline: {
      precisionAt5: bg.filter((x) => x > 0).length / Math.max(1, bg.length),
      strictPrecisionAt5: bg.filter((x) => x > 0).length / 5,
      ndcgAt5: ndcg(bg, Object.values(grades)),
      padding: bg.filter((x) => x === 0).length,
      copiesQuoted: base.filter((p) => copies.has(p.sourceId)).length,
      ...editorialCounts(baseDigest),
    },
    relevantInCorpus: relevantExist,
  };
}

type Row = ReturnType<typeof evaluate>;
const judged: Record<string, Row & { set: string }> = {};
for (const [id, j] of Object.entries(unseen.themes)) judged[id] = { set: `unseen/${j.corpus}`, ...evaluate(unseenThemes.find((t) => t.id === id)!, corpora[j.corpus], j.grades) };
for (const [id, grades] of Object.entries(seed)) judged[id] = { set: 'seed/sample', ...evaluate(productThemes.find((t) => t.id === id)!, corpora.sample, grades) };

function mean(rows: Row[], who: 'ours' | 'baseline') {
  const avg = (k: string) => +(rows.reduce((s, r) => s + Number((r[who] as Record<string, unknown>)[k]), 0) / rows.length).toFixed(3);
  const sum = (k: string) => rows.reduce((s, r) => s + Number((r[who] as Record<string, unknown>)[k]), 0);
  return {
    themes: rows.length,
    precisionAt5: avg('precisionAt5'),
    strictPrecisionAt5: avg('strictPrecisionAt5'),
    ndcgAt5: avg('ndcgAt5'),
    excerptsPerIssue: avg('excerpts'),
    padding: sum('padding'),
    excerpts: sum('excerpts'),
    danglingOrUnfinished: sum('danglingOrUnfinished'),
    unbalancedQuotes: sum('unbalancedQuotes'),
    gluedFootnotes: sum('gluedFootnotes'),
    repeatedSentences: sum('repeatedSentences'),
    issuesOverTwoPerSource: rows.filter((r) => Number(r[who].maxFromOneSource) > 2).length,
    copiesQuoted: sum('copiesQuoted'),
  };
}
const groups = { unseen: Object.values(judged).filter((r) => r.set.startsWith('unseen')), seed: Object.values(judged).filter((r) => r.set.startsWith('seed')) };
const productIssues = Object.fromEntries(productThemes.map((t) => {
  const d = buildDigest(corpora.sample, t, { now });
  return [t.id, { status: (d as { status?: string }).status ?? 'ok', ...editorialCounts(d), copiesQuoted: d.excerpts.filter((e) => copySources(corpora.sample).has(e.sourceId)).length }];
}));
const result = {
  benchmark: 'editorial',
  judgments: 'test/fixtures/selection/unseen-judgments.json (written before tuning) and judgments.json (seed)',
  baseline: 'plain BM25 top 5 (same index and query weights, no cut, no diversity, no shaping) over the same passages',
  mean: { unseen: { ours: mean(groups.unseen, 'ours'), baseline: mean(groups.unseen, 'baseline') }, seed: { ours: mean(groups.seed, 'ours'), baseline: mean(groups.seed, 'baseline') } },
  perTheme: judged,
  productThemes: productIssues,
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'editorial.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result.mean, null, 1));
console.log(JSON.stringify(productIssues));
