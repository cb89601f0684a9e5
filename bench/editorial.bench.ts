/**
 * Editorial benchmark, out of fold: every judged theme (bench/lib/judged-themes.ts: narrow
 * sub-topics over the sample corpus, news over the BBC articles, everyday themes over the
 * public web pages, and the earlier sets) is scored with a relevance model fitted WITHOUT it
 * (leave-one-theme-out: weights and cut), beside plain BM25 top 5 and BM25 + RM3 top 5 over
 * the same passages in the same run. Per kind of theme: P@5 (relevant share of what is shown),
 * strict P@5 (empty slots count as misses), nDCG@5 (beside its ceiling under the contract:
 * one excerpt per paragraph, no copies quoted), excerpts per issue, the brief's on-theme share,
 * copies quoted, repeated sentences, dangling openers, what uncovered themes show, and
 * issue quality (F0.5 of precision and fill, the figure the cut is chosen on, with an uncovered
 * theme's issue right only when empty: one number for the trade between a tight and a full issue).
 * Themes the material does not cover are counted apart (they should show nothing). Also out of
 * fold: the calibration of the probability of relevance (reliability bins, ECE, Brier), over all
 * candidates and per kind of theme, and small corpora (a theme's relevant article among a few
 * off-theme ones). Held out: themes written and judged apart by other editors (narrow, news,
 * web) never enter any fit; the model fitted on every other theme (as weights.json is) scores them, as a
 * test of themes the team did not write (read it, never tune on it). Per theme, the model's
 * cut and the theme's own (risen where the per-source cap would trade a sure passage for a
 * weak one), and how many issues rose.
 * Writes bench/results/editorial.json.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDigest, copySources, quotable } from '../lambdas/domain/digest/build-digest.ts';
import { buildQuery, type ThemeQuery } from '../lambdas/domain/digest/query.ts';
import { idf, rankPassages, type PassageScore } from '../lambdas/domain/digest/rank.ts';
import { buildSearchIndex, type SearchIndex } from '../lambdas/domain/digest/search-index.ts';
import { logistic, type RelevanceModel } from '../lambdas/domain/relevance/model.ts';
import { issueQuality, trainModel, type Example } from '../lambdas/domain/relevance/train.ts';
import type { Corpus, Digest, Passage } from '../lambdas/domain/types.ts';
import { examplesOf } from './relevance/examples.ts';
import { editorialCounts } from './lib/editorial-metrics.ts';
import { judgedKey, loadCorpora, loadJudgedThemes, type JudgedTheme } from './lib/judged-themes.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const now = new Date('2026-12-02T08:00:00Z');
const corpora = await loadCorpora();
const indexes: Record<string, SearchIndex> = Object.fromEntries(Object.entries(corpora).map(([k, c]) => [k, buildSearchIndex(c.passages)]));
const judged = await loadJudgedThemes();
/** The themes of the fit, scored leave-one-theme-out; the held-out ones are scored by the fit on all of these. */
const themes = judged.filter((jt) => !jt.heldOut);
const heldOutThemes = judged.filter((jt) => jt.heldOut);
const keyOf = judgedKey;
const examples = new Map<string, Example[]>(judged.map((jt) => [keyOf(jt), examplesOf(jt, corpora[jt.corpusName], indexes[jt.corpusName])]));

function ndcg(shown: number[], all: number[]): number {
  const dcg = (g: number[]) => g.slice(0, 5).reduce((s, x, i) => s + (2 ** x - 1) / Math.log2(i + 2), 0);
  const best = dcg([...all].sort((a, b) => b - a));
  return best ? dcg(shown) / best : 0;
}

/** BM25 + RM3: the query interpolated (0.5) with 25 expansion terms from the best 10 passages, ranked again. */
function rm3Query(query: ThemeQuery, index: SearchIndex, ranked: PassageScore[]): ThemeQuery {
  const feedback = ranked.slice(0, 10);
  const total = feedback.reduce((a, s) => a + s.score, 0) || 1;
  const mass = new Map<string, number>();
  for (const s of feedback) {
    const doc = index.docs[s.index];
    for (const [stem, tf] of doc.tf) mass.set(stem, (mass.get(stem) ?? 0) + (s.score / total) * (tf / Math.max(1, doc.tokens.length)));
  }
  const top = [...mass].sort((a, b) => b[1] - a[1]).slice(0, 25);
  const maxMass = top[0]?.[1] ?? 1;
  const maxWeight = Math.max(...query.terms.values());
  const terms = new Map<string, number>();
  for (const [stem, w] of query.terms) terms.set(stem, 0.5 * (w / maxWeight));
  for (const [stem, m] of top) terms.set(stem, (terms.get(stem) ?? 0) + 0.5 * (m / maxMass));
  void idf;
  return { terms, phrases: query.phrases };
}

/** A plain top 5 of a ranking, with the eligibility the product applies (no copies, no fragments). */
function topFive(ranked: PassageScore[], corpus: Corpus): Passage[] {
  return ranked.map((s) => corpus.passages[s.index]).filter(quotable(corpus)).slice(0, 5);
}

interface Scored {
  shown: number;
  relevantShown: number;
  precisionAt5: number | null;
  strictPrecisionAt5: number | null;
  ndcgAt5: number | null;
  /** The best nDCG@5 any issue could reach under the contract: one excerpt per paragraph, no copies quoted. */
  ndcgCeilingAt5: number | null;
  briefSentences: number;
  briefOnTheme: number;
  /** F0.5 of precision and fill, the figure the cut is chosen on (train.ts issueQuality), out of fold. */
  issueQuality: number;
  copiesQuoted: number;
  repeatedSentences: number;
  dangling: number;
}

/** The best grade of each paragraph that may be quoted, best first: the most an issue could show. */
function bestPerParagraph(jt: JudgedTheme, corpus: Corpus): number[] {
  const canQuote = quotable(corpus);
  const best = new Map<string, number>();
  for (const p of corpus.passages) {
    const g = jt.grade(p);
    if (g <= 0 || !canQuote(p)) continue;
    const key = `${p.sourceId}#${p.paragraphIndex}`;
    best.set(key, Math.max(best.get(key) ?? 0, g));
  }
  return [...best.values()].sort((a, b) => b - a);
}

function score(jt: JudgedTheme, corpus: Corpus, shown: Passage[], digest: Pick<Digest, 'excerpts' | 'summary'> | null): Scored {
  const grades = shown.map((p) => jt.grade(p));
  const allGrades = corpus.passages.map((p) => jt.grade(p)).filter((g) => g > 0);
  const relevantAvailable = examples.get(keyOf(jt))!.filter((e) => e.relevant && e.eligible !== false).length;
  const covered = jt.coverage !== 'none';
  const relevantShown = grades.filter((g) => g > 0).length;
  const copies = copySources(corpus);
  const brief = digest?.summary.sentences ?? [];
  const briefOnTheme = brief.filter((s) => {
    const p = corpus.passages.find((x) => x.sourceId === s.sourceId && x.text.includes(s.text));
    return p ? jt.grade(p) > 0 : false;
  }).length;
  const counts = digest ? editorialCounts(digest) : editorialCounts({ excerpts: shown.map((p) => ({ id: p.id, text: p.text, sourceId: p.sourceId })) as unknown as Digest['excerpts'], summary: { sentences: [] } });
  return {
    shown: shown.length,
    relevantShown,
    precisionAt5: covered ? (shown.length ? relevantShown / shown.length : 0) : null,
    strictPrecisionAt5: covered ? relevantShown / 5 : null,
    ndcgAt5: covered ? ndcg(grades, allGrades) : null,
    ndcgCeilingAt5: covered ? ndcg(bestPerParagraph(jt, corpus), allGrades) : null,
    briefSentences: brief.length,
    briefOnTheme,
    issueQuality: issueQuality(grades.map((g) => ({ relevant: g > 0 })), relevantAvailable),
    copiesQuoted: shown.filter((p) => copies.has(p.sourceId)).length,
    repeatedSentences: counts.repeatedSentences,
    dangling: counts.danglingOrUnfinished,
  };
}

/** Corpus sizes of the small-corpus check (a new reader's first articles). */
const SMALL_SIZES = [3, 5, 10] as const;

/** A deterministic pseudo-random rank of a string (FNV-1a), to pick filler articles without a seed. */
function hashRank(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * A theme's small corpora: its best-graded relevant article and `size - 1` articles judged
 * off the theme (picked by a hash of theme and article), as a reader with a handful of
 * articles has. Page-graded themes only.
 */
function smallCorpora(jt: JudgedTheme, corpus: Corpus): { size: number; corpus: Corpus }[] {
  const copies = copySources(corpus);
  const grade = (id: string) => jt.grade({ sourceId: id, id: '' } as Passage);
  const originals = corpus.sources.filter((src) => !copies.has(src.id));
  const relevant = originals.filter((src) => grade(src.id) > 0).sort((a, b) => grade(b.id) - grade(a.id) || a.id.localeCompare(b.id));
  const others = originals.filter((src) => grade(src.id) === 0).sort((a, b) => hashRank(jt.theme.id + a.id) - hashRank(jt.theme.id + b.id));
  if (!relevant.length) return [];
  return SMALL_SIZES.map((size) => {
    const keep = new Set([relevant[0].id, ...others.slice(0, size - 1).map((src) => src.id)]);
    return { size, corpus: { ...corpus, sources: corpus.sources.filter((src) => keep.has(src.id)), passages: corpus.passages.filter((p) => keep.has(p.sourceId)), merged: [], dropped: [], warnings: [] } };
  });
}

/** One small-corpus issue: did it quote the relevant article, and how much of it was on the theme. */
const smallRows: { size: number; kind: string; shown: number; relevantShown: number; bm25TopRelevant: boolean }[] = [];

/** `cut`: the model's cut and the theme's (theme-cut.ts: risen where the cap would trade a sure passage for a weak one). */
const rows: { key: string; kind: string; set: string; coverage: string; cut: { model: number; theme: number | null }; model: Scored; bm25: Scored; rm3: Scored; fittedWithout: string }[] = [];
/** Every quotable candidate's out-of-fold probability of relevance, with its judged label and its kind of theme. */
const predictions: { p: number; relevant: boolean; kind: string }[] = [];
for (const jt of themes) {
  const key = keyOf(jt);
  // Leave this theme out of the fit: weights and cut are chosen without it.
  const model = trainModel(themes.filter((t) => keyOf(t) !== key).flatMap((t) => examples.get(keyOf(t))!));
  for (const e of examples.get(key)!) if (e.eligible !== false) predictions.push({ p: logistic(model.decide, e.x), relevant: e.relevant, kind: jt.kind });
  rows.push(scoreTheme(jt, model, key));
}

/** One theme's issue by a model that never saw it, beside BM25 and BM25 + RM3 (small corpora too). */
function scoreTheme(jt: JudgedTheme, model: RelevanceModel, fittedWithout: string): (typeof rows)[number] {
  const key = keyOf(jt);
  const corpus = corpora[jt.corpusName];
  const index = indexes[jt.corpusName];
  const digest = buildDigest(corpus, { ...jt.theme, maxExcerpts: 5 }, { now, index, model });
  for (const small of jt.coverage === 'none' || jt.heldOut ? [] : smallCorpora(jt, corpus)) {
    const smallIndex = buildSearchIndex(small.corpus.passages);
    const issue = buildDigest(small.corpus, { ...jt.theme, maxExcerpts: 5, minExcerpts: 1 }, { now, index: smallIndex, model });
    const top = topFive(rankPassages(smallIndex, buildQuery(jt.theme)), small.corpus)[0];
    const graded = issue.excerpts.map((e) => jt.grade({ sourceId: e.sourceId, id: e.id } as Passage));
    smallRows.push({ size: small.size, kind: jt.kind, shown: graded.length, relevantShown: graded.filter((g) => g > 0).length, bm25TopRelevant: !!top && jt.grade(top) > 0 });
  }
  const byId = new Map(corpus.passages.map((p) => [p.id, p]));
  const shown = digest.excerpts.map((e) => byId.get(e.id)!);
  const query = buildQuery(jt.theme);
  const ranked = rankPassages(index, query);
  return {
    key,
    kind: jt.kind,
    set: jt.set,
    coverage: jt.coverage,
    model: score(jt, corpus, shown, digest),
    bm25: score(jt, corpus, topFive(ranked, corpus), null),
    rm3: score(jt, corpus, topFive(rankPassages(index, rm3Query(query, index, ranked)), corpus), null),
    cut: { model: model.cut, theme: digest.excerpts[0]?.why.relevance?.cut ?? null },
    fittedWithout,
  };
}

// The held-out themes (written apart, never in any fit): the model fitted on every theme above,
// as weights.json is, scores them. Their small corpora stay out of the small-corpus figures.
const fullModel = trainModel(themes.flatMap((t) => examples.get(keyOf(t))!));
const heldOutRows = heldOutThemes.map((jt) => scoreTheme(jt, fullModel, 'held out: never in the fit'));

function summary(list: typeof rows, who: 'model' | 'bm25' | 'rm3') {
  const covered = list.filter((r) => r.coverage !== 'none');
  const avg = (k: keyof Scored) => +(covered.reduce((s, r) => s + Number(r[who][k] ?? 0), 0) / Math.max(1, covered.length)).toFixed(3);
  const sum = (k: keyof Scored) => list.reduce((s, r) => s + Number(r[who][k] ?? 0), 0);
  const brief = sum('briefSentences');
  return {
    themes: list.length,
    coveredThemes: covered.length,
    precisionAt5: avg('precisionAt5'),
    strictPrecisionAt5: avg('strictPrecisionAt5'),
    issueQuality: +(list.reduce((s, r) => s + r[who].issueQuality, 0) / Math.max(1, list.length)).toFixed(3),
    ndcgAt5: avg('ndcgAt5'),
    ndcgCeilingAt5: avg('ndcgCeilingAt5'),
    excerptsPerIssue: avg('shown'),
    briefOnThemeShare: brief ? +(sum('briefOnTheme') / brief).toFixed(3) : null,
    briefSentencesPerIssue: avg('briefSentences'),
    copiesQuoted: sum('copiesQuoted'),
    repeatedSentences: sum('repeatedSentences'),
    danglingOpeners: sum('dangling'),
    excerpts: sum('shown'),
    shownForUncoveredThemes: list.filter((r) => r.coverage === 'none').reduce((s, r) => s + r[who].shown, 0),
    uncoveredThemes: list.filter((r) => r.coverage === 'none').length,
  };
}

// Speed: a warm digest of a sample theme, and of a news theme over the 100 articles.
function warmMs(corpusName: string, jt: JudgedTheme): number {
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    const t = performance.now();
    buildDigest(corpora[corpusName], jt.theme, { now, index: indexes[corpusName] });
    times.push(performance.now() - t);
  }
  return +times.sort((a, b) => a - b)[12].toFixed(1);
}

/**
 * How far the out-of-fold probability of relevance is from the judged share: ten bins of p,
 * each with its mean p and its share of relevant candidates; ECE weighs each bin's gap by its
 * size, and the Brier score is the mean squared error.
 */
function calibrationOf(list: { p: number; relevant: boolean }[]) {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, count: 0, meanP: 0, relevantShare: 0 }));
  for (const x of list) {
    const b = bins[Math.min(9, Math.floor(x.p * 10))];
    b.count++;
    b.meanP += x.p;
    b.relevantShare += x.relevant ? 1 : 0;
  }
  let ece = 0;
  for (const b of bins) {
    if (!b.count) continue;
    b.meanP /= b.count;
    b.relevantShare /= b.count;
    ece += (b.count / list.length) * Math.abs(b.meanP - b.relevantShare);
    b.meanP = +b.meanP.toFixed(3);
    b.relevantShare = +b.relevantShare.toFixed(3);
  }
  const brier = list.reduce((s, x) => s + (x.p - (x.relevant ? 1 : 0)) ** 2, 0) / Math.max(1, list.length);
  return { candidates: list.length, ece: +ece.toFixed(3), brier: +brier.toFixed(3), bins: bins.filter((b) => b.count) };
}

/**
 * Small corpora (a news or web theme's relevant article among 2, 4 or 9 off-theme ones), per
 * size: the share of issues that quote the relevant article, the share that come out empty,
 * the on-theme share of what they show, and how often BM25's top passage is the relevant one.
 */
function smallCorpusSummary() {
  return Object.fromEntries(SMALL_SIZES.map((size) => {
    const list = smallRows.filter((r) => r.size === size);
    const shown = list.reduce((a, r) => a + r.shown, 0);
    const share = (n: number) => +(n / Math.max(1, list.length)).toFixed(3);
    return [`articles${size}`, {
      issues: list.length,
      quotesTheRelevantArticle: share(list.filter((r) => r.relevantShown > 0).length),
      empty: share(list.filter((r) => r.shown === 0).length),
      onThemeShareOfShown: shown ? +(list.reduce((a, r) => a + r.relevantShown, 0) / shown).toFixed(3) : null,
      bm25TopIsRelevant: share(list.filter((r) => r.bm25TopRelevant).length),
    }];
  }));
}

const kinds = ['narrow', 'news', 'web', 'earlier'] as const;

type Summary = ReturnType<typeof summary>;

/** Issue #27's goals beside the out-of-fold figures (per kind, and over all themes), each marked met or not. */
function goalsOf(by: Record<string, { model: Summary }>, all: Summary) {
  const goal = (figure: number | null, target: number, atMost = false) => ({ figure, target, met: figure !== null && (atMost ? figure <= target : figure >= target) });
  return {
    narrowPrecisionAt5: goal(by.narrow.model.precisionAt5, 0.95),
    narrowNdcgAt5: goal(by.narrow.model.ndcgAt5, 0.9),
    newsPrecisionAt5: goal(by.news.model.precisionAt5, 0.97),
    webPrecisionAt5: goal(by.web.model.precisionAt5, 0.95),
    briefOnThemeShare: goal(all.briefOnThemeShare, 0.95),
    copiesQuoted: goal(all.copiesQuoted, 0, true),
    repeatedSentences: goal(all.repeatedSentences, 0, true),
    danglingOpenersPer20Excerpts: goal(all.excerpts ? +((all.danglingOpeners * 20) / all.excerpts).toFixed(2) : 0, 1, true),
    shownForUncoveredThemes: goal(all.shownForUncoveredThemes, 0, true),
  };
}
const byKind = Object.fromEntries(kinds.map((k) => {
  const list = rows.filter((r) => r.kind === k);
  return [k, { model: summary(list, 'model'), bm25: summary(list, 'bm25'), bm25rm3: summary(list, 'rm3') }];
}));
/** The held-out themes written apart, by the model fitted on all the others: per kind, and over all of them. */
const heldOut = {
  about: 'bench/judged/themes-*-apart.yaml: themes written and judged apart by other editors (narrow over the sample corpus, news over the BBC articles, web over the pages); never in any fit, scored by the model fitted on every other judged theme (as weights.json is)',
  byKind: Object.fromEntries(kinds.filter((k) => heldOutRows.some((r) => r.kind === k)).map((k) => {
    const list = heldOutRows.filter((r) => r.kind === k);
    return [k, { model: summary(list, 'model'), bm25: summary(list, 'bm25'), bm25rm3: summary(list, 'rm3') }];
  })),
  all: { model: summary(heldOutRows, 'model'), bm25: summary(heldOutRows, 'bm25'), bm25rm3: summary(heldOutRows, 'rm3') },
};
const all = { model: summary(rows, 'model'), bm25: summary(rows, 'bm25'), bm25rm3: summary(rows, 'rm3') };
const result = {
  benchmark: 'editorial',
  headline: 'out of fold: each theme scored by a relevance model (weights, cut and brief cut) fitted without it; BM25 and BM25 + RM3 top 5 from the same run',
  judgments: 'bench/judged/ (36 themes written before tuning, and 21 held-out themes written and judged apart: 9 narrow, 6 news, 6 web) and test/fixtures/selection (13 earlier themes)',
  goals: goalsOf(byKind, all.model),
  byKind,
  all,
  heldOut,
  calibration: { ...calibrationOf(predictions), byKind: Object.fromEntries(kinds.map((k) => [k, calibrationOf(predictions.filter((x) => x.kind === k))])) },
  smallCorpora: smallCorpusSummary(),
  speed: { sampleThemeWarmMs: warmMs('sample', themes.find((t) => t.kind === 'narrow')!), newsThemeWarmMs: warmMs('bbc100', themes.find((t) => t.kind === 'news')!) },
  risenCuts: { outOfFold: rows.filter((r) => (r.cut.theme ?? 0) > r.cut.model).length, heldOut: heldOutRows.filter((r) => (r.cut.theme ?? 0) > r.cut.model).length },
  perTheme: [...rows, ...heldOutRows],
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'editorial.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ byKind: result.byKind, speed: result.speed }, null, 1));
