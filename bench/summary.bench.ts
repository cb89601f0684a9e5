/**
 * Summary benchmark: ROUGE-1/2 of `summarizeArticle` on the BBC News Summary subset
 * (../shared/bench/bbc-news-summary) against the reference summaries, with Lead-N and a
 * plain TextRank (TF-IDF cosine graph) computed in the same run on the same re-flowed text
 * with our sentence splitter. Summary length = the reference's sentence count. Weights were
 * chosen on the even-numbered articles ("tune" half) and are reported on both halves.
 * Writes bench/results/summary.json.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { articleSentences, DEFAULT_WEIGHTS, summarizeArticle, type SummaryWeights } from '../lambdas/domain/digest/summarize-article.ts';
import { isSummarySentence, tfidfVectors } from '../lambdas/domain/digest/sentence-vectors.ts';
import { summarizeForTheme } from '../lambdas/domain/digest/summary.ts';
import type { Passage, Theme } from '../lambdas/domain/types.ts';
import { splitSentences } from '../lambdas/domain/text/sentences.ts';
import { textRank } from '../lambdas/domain/digest/textrank.ts';
import { analyze } from '../lambdas/domain/text/analyze.ts';
import { machineInfo } from './machine.ts';
import { rougeN } from './rouge.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = [path.resolve(here, '../../shared/bench/bbc-news-summary'), path.resolve(here, '../shared/bench/bbc-news-summary')].find(existsSync);
if (!DATA) {
  console.error('error: ../shared/bench/bbc-news-summary not found');
  process.exit(2);
}

interface Article {
  id: string;
  title: string;
  body: string;
  reference: string;
  n: number;
}

function load(): Article[] {
  const out: Article[] = [];
  for (const topic of readdirSync(path.join(DATA!, 'article')).sort()) {
    for (const f of readdirSync(path.join(DATA!, 'article', topic)).sort()) {
      const raw = readFileSync(path.join(DATA!, 'article', topic, f), 'utf8').replace(/\r/g, '');
      const [title, ...rest] = raw.split('\n');
      // Re-flow: one line per paragraph, so our splitter finds the sentences.
      const body = rest.join('\n').split(/\n\s*\n/).map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean).join(' ')).filter(Boolean).join('\n\n');
      const reference = readFileSync(path.join(DATA!, 'summary', topic, f), 'utf8').trim();
      out.push({ id: `${topic}/${f}`, title: title.trim(), body, reference, n: reference.split('\n').filter((l) => l.trim()).length });
    }
  }
  return out;
}

function lead(a: Article): string[] {
  return articleSentences(a.body).slice(0, a.n).map((s) => s.text);
}

function plainTextRank(a: Article): string[] {
  const sentences = articleSentences(a.body);
  const { vectors } = tfidfVectors(sentences.map((s) => analyze(s.text)));
  const tr = textRank(vectors);
  return tr.map((score, i) => ({ score, i })).sort((x, y) => y.score - x.score).slice(0, a.n).sort((x, y) => x.i - y.i).map((x) => sentences[x.i].text);
}

function ours(a: Article, weights: SummaryWeights = DEFAULT_WEIGHTS): string[] {
  return summarizeArticle(a.body, { sentences: a.n, title: a.title, weights }).map((s) => s.text);
}

function evaluate(articles: Article[], method: (a: Article) => string[]) {
  let r1 = 0;
  let r2 = 0;
  let verbatim = 0;
  let total = 0;
  for (const a of articles) {
    const picked = method(a);
    r1 += rougeN(picked.join(' '), a.reference, 1);
    r2 += rougeN(picked.join(' '), a.reference, 2);
    for (const s of picked) {
      total++;
      if (a.body.includes(s)) verbatim++;
    }
  }
  const r = (x: number) => Math.round((x / articles.length) * 1000) / 1000;
  return { rouge1: r(r1), rouge2: r(r2), verbatimShare: total ? verbatim / total : 1 };
}

const articles = load();
const tune = articles.filter((_, i) => i % 2 === 0);
const test = articles.filter((_, i) => i % 2 === 1);

let best: { weights: SummaryWeights; rouge2: number } | null = null;
if (process.argv.includes('--grid')) {
  for (const degreePower of [0.5, 0.6, 0.7, 0.8, 1]) for (const title of [0, 0.1]) for (const position of [0, 0.1]) for (const density of [0, 0.1]) for (const redundancy of [0.5, 0.6, 2]) {
    const weights = { centrality: 1, degreePower, title, position, density, redundancy };
    const r = evaluate(tune, (a) => ours(a, weights)).rouge2;
    if (!best || r > best.rouge2) best = { weights, rouge2: r };
  }
  console.log('best on tune half:', JSON.stringify(best));
}

// Query-focused mode (the digest summary): the passages of a target article interleaved
// with those of an article from another topic; the theme is the target's title. Scored
// against the target's reference, plus the share of picked sentences from the target.
// Baselines pick from the same eligible sentences (full sentences of >= 12 words).
interface QfCase {
  target: Article;
  passages: Passage[];
  theme: Theme;
}

function toPassages(a: Article): Passage[] {
  return a.body.split('\n\n').map((text, i) => ({
    id: `${a.id}#p${i}`, sourceId: a.id, paragraphIndex: i, windowIndex: 0, text, sentences: splitSentences(text), heading: null, citations: [], duplicates: [],
  }));
}

function qfCases(all: Article[]): QfCase[] {
  const topic = (a: Article) => a.id.split('/')[0];
  return all.map((target, i) => {
    const other = all.slice(i + 1).concat(all.slice(0, i)).find((o) => topic(o) !== topic(target))!;
    const tp = toPassages(target);
    const op = toPassages(other);
    const passages: Passage[] = [];
    for (let k = 0; k < Math.max(tp.length, op.length); k++) {
      if (op[k]) passages.push(op[k]);
      if (tp[k]) passages.push(tp[k]);
    }
    const theme: Theme = { id: 't', title: target.title, description: '', keywords: [], timezone: 'UTC', maxExcerpts: 8, paused: false };
    return { target, passages, theme };
  });
}

function eligible(c: QfCase): { text: string; sourceId: string }[] {
  return c.passages.flatMap((p) => p.sentences.filter(isSummarySentence).map((text) => ({ text, sourceId: p.sourceId })));
}

function evaluateQf(cases: QfCase[], method: (c: QfCase) => { text: string; sourceId: string }[]) {
  let r1 = 0;
  let r2 = 0;
  let onTarget = 0;
  let verbatim = 0;
  let total = 0;
  for (const c of cases) {
    const picked = method(c);
    r1 += rougeN(picked.map((s) => s.text).join(' '), c.target.reference, 1);
    r2 += rougeN(picked.map((s) => s.text).join(' '), c.target.reference, 2);
    for (const s of picked) {
      total++;
      if (s.sourceId === c.target.id) onTarget++;
      if (c.passages.some((p) => p.sourceId === s.sourceId && p.text.includes(s.text))) verbatim++;
    }
  }
  const r = (x: number) => Math.round((x / cases.length) * 1000) / 1000;
  return { rouge1: r(r1), rouge2: r(r2), onTargetShare: total ? Math.round((onTarget / total) * 1000) / 1000 : 1, verbatimShare: total ? verbatim / total : 1 };
}

const qfN = (c: QfCase) => Math.min(5, Math.max(3, c.target.n));
const qfLead = (c: QfCase) => eligible(c).slice(0, qfN(c));
function qfTextRank(c: QfCase) {
  const sentences = eligible(c);
  const tr = textRank(tfidfVectors(sentences.map((s) => analyze(s.text))).vectors);
  return tr.map((score, i) => ({ score, i })).sort((x, y) => y.score - x.score).slice(0, qfN(c)).sort((x, y) => x.i - y.i).map((x) => sentences[x.i]);
}
const qfOurs = (c: QfCase) => summarizeForTheme(c.passages, c.theme, { sentences: qfN(c) });

const started = performance.now();
const cases = qfCases(articles);
const result = {
  benchmark: 'summary',
  dataset: 'BBC News Summary, 100-article subset (../shared/bench/bbc-news-summary), paragraphs re-flowed to one line each',
  metric: 'ROUGE-1/ROUGE-2 F1 over lower-cased alphanumeric tokens; summary length = reference sentence count',
  weights: DEFAULT_WEIGHTS,
  all: { lead: evaluate(articles, lead), textrank: evaluate(articles, plainTextRank), ours: evaluate(articles, ours) },
  tuneHalf: { lead: evaluate(tune, lead), textrank: evaluate(tune, plainTextRank), ours: evaluate(tune, ours) },
  testHalf: { lead: evaluate(test, lead), textrank: evaluate(test, plainTextRank), ours: evaluate(test, ours) },
  gridBestOnTuneHalf: best,
  queryFocused: {
    setup: 'target article interleaved paragraph by paragraph with an article of another topic; theme title = target title; 3-5 sentences; scored against the target reference',
    lead: evaluateQf(cases, qfLead),
    textrank: evaluateQf(cases, qfTextRank),
    ours: evaluateQf(cases, qfOurs),
  },
  seconds: 0,
  machine: machineInfo(),
};
result.seconds = Math.round(performance.now() - started) / 1000;
writeFileSync(path.join(here, 'results', 'summary.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify({ all: result.all, testHalf: result.testHalf, queryFocused: result.queryFocused }, null, 2));
