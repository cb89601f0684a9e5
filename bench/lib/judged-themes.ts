/**
 * The judged themes the editorial figures and the relevance fit use, with their corpora:
 * bench/judged/ (36 themes written and judged before any tuning: 12 narrow sub-topics over the
 * sample corpus with passage grades, 12 news themes over the 100 BBC articles and 12 everyday
 * themes over the 86 public web pages, both with page grades), and the earlier sets in
 * test/fixtures/selection (10 unseen themes, 3 seed themes). A passage's grade is its own
 * (passage-level sets) or its page's (page-level sets). Held out of every fit: 21 themes
 * written and judged apart by other editors (bench/judged/*-apart: 9 narrow, 6 news, 6 web).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { FsCorpusReader } from '../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../lambdas/adapters/fs/themes-file.ts';
import type { Corpus, Passage, Theme } from '../../lambdas/domain/types.ts';
import { ingestCorpus } from '../../lambdas/services/ingest-corpus.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const shared = [path.resolve(root, '../shared'), path.resolve(root, 'shared')].find(existsSync) ?? path.resolve(root, '../shared');

/** The kinds of theme the figures are reported by. */
export type ThemeKind = 'narrow' | 'news' | 'web' | 'earlier';

/** One judged theme over its corpus. */
export interface JudgedTheme {
  theme: Theme;
  kind: ThemeKind;
  /** The judgment set it comes from (the file's name; `earlier` for test/fixtures/selection). */
  set: string;
  /**
   * A held-out test theme: never in the relevance fit (bench/relevance/fit.ts) nor in the
   * leave-one-theme-out rows; the editorial bench scores it with the model fitted on all the others.
   */
  heldOut: boolean;
  corpusName: string;
  coverage: 'covered' | 'thin' | 'none';
  /** Grade of a passage (0 when not relevant). */
  grade(p: Passage): number;
  /** Every grade given (for the ideal ranking of nDCG). */
  grades: number[];
}

/** The web pages as raw HTML files, unpacked once into the temp folder. */
function webCorpusDir(): string {
  const data = path.join(shared, 'bench/article-extraction-benchmark');
  const dir = path.join(os.tmpdir(), 'newsletter-judged-web');
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    const truth = JSON.parse(gunzipSync(readFileSync(path.join(data, 'ground-truth.json.gz'))).toString('utf8')) as Record<string, unknown>;
    for (const f of readdirSync(path.join(data, 'html'))) {
      const id = f.replace(/\.html\.gz$/, '');
      if (truth[id]) writeFileSync(path.join(dir, `${id}.html`), gunzipSync(readFileSync(path.join(data, 'html', f))));
    }
  }
  return dir;
}

/** The corpora by name. */
export async function loadCorpora(): Promise<Record<string, Corpus>> {
  return {
    sample: await ingestCorpus(new FsCorpusReader(path.join(root, 'corpus'))),
    bbc100: await ingestCorpus(new FsCorpusReader(path.join(shared, 'bench/bbc-news-summary/article'))),
    bbc60: await ingestCorpus(new FsCorpusReader(path.join(root, 'test/fixtures/selection/bbc-corpus'))),
    web: await ingestCorpus(new FsCorpusReader(webCorpusDir())),
  };
}

type GradeFile = { level?: 'page'; themes: Record<string, { coverage?: JudgedTheme['coverage']; grades: Record<string, number> }> };

function judged(theme: Theme, kind: ThemeKind, set: string, corpusName: string, entry: { coverage?: JudgedTheme['coverage']; grades: Record<string, number> }, page: boolean): JudgedTheme {
  const grades = entry.grades;
  const values = Object.values(grades).filter((g) => g > 0);
  const coverage = entry.coverage ?? (values.length === 0 ? 'none' : values.length <= 2 ? 'thin' : 'covered');
  return { theme, kind, set, heldOut: HELD_OUT_SETS.has(set), corpusName, coverage, grades: values, grade: (p) => (page ? grades[p.sourceId] : grades[p.id]) ?? 0 };
}

/**
 * The judgment sets of bench/judged/ (kind, corpus, file stem): for each kind, the set the team
 * wrote and a held-out set (`-apart`) written and judged apart by other editors.
 */
const JUDGED_SETS: [ThemeKind, string, string][] = [
  ['narrow', 'sample', 'narrow'],
  ['narrow', 'sample', 'narrow-apart'],
  ['news', 'bbc100', 'news'],
  ['news', 'bbc100', 'news-apart'],
  ['web', 'web', 'web'],
  ['web', 'web', 'web-apart'],
];

/** Sets kept out of every fit, as a test of themes written apart (read their figure; never tune on it). */
const HELD_OUT_SETS: ReadonlySet<string> = new Set(['narrow-apart', 'news-apart', 'web-apart']);

/** A judged theme's key: its set and its id (unique across sets). */
export function judgedKey(jt: JudgedTheme): string {
  return `${jt.set}/${jt.theme.id}`;
}

/** Every judged theme (held-out ones included: filter on `heldOut`). */
export async function loadJudgedThemes(): Promise<JudgedTheme[]> {
  const out: JudgedTheme[] = [];
  for (const [kind, corpusName, file] of JUDGED_SETS) {
    const themes = await loadThemes(path.join(root, `bench/judged/themes-${file}.yaml`));
    const grades = JSON.parse(readFileSync(path.join(root, `bench/judged/judgments-${file}.json`), 'utf8')) as GradeFile;
    for (const t of themes) out.push(judged(t, kind, file, corpusName, grades.themes[t.id], grades.level === 'page'));
  }
  const sel = path.join(root, 'test/fixtures/selection');
  const unseen = JSON.parse(readFileSync(path.join(sel, 'unseen-judgments.json'), 'utf8')) as { themes: Record<string, { corpus: 'sample' | 'bbc'; grades: Record<string, number> }> };
  const unseenThemes = await loadThemes(path.join(sel, 'unseen-themes.yaml'));
  for (const t of unseenThemes) out.push(judged(t, 'earlier', 'earlier', unseen.themes[t.id].corpus === 'bbc' ? 'bbc60' : 'sample', unseen.themes[t.id], false));
  const seed = JSON.parse(readFileSync(path.join(sel, 'judgments.json'), 'utf8')).themes as Record<string, Record<string, number>>;
  const product = await loadThemes(path.join(root, 'themes.yaml'));
  for (const t of product.filter((x) => seed[x.id])) out.push(judged(t, 'earlier', 'earlier', 'sample', { grades: seed[t.id] }, false));
  return out;
}
