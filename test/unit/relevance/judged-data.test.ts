/**
 * The judged themes the relevance model is fitted and measured on (bench/judged/) still match
 * the material: every theme loads, every graded passage id exists after ingestion, and every
 * graded page is in its corpus. The sets written apart are held out of every fit.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../../lambdas/adapters/fs/themes-file.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';
import { loadJudgedThemes } from '../../../bench/lib/judged-themes.ts';

const ROOT = path.resolve(__dirname, '../../..');
const judged = (kind: string) => JSON.parse(readFileSync(path.join(ROOT, `bench/judged/judgments-${kind}.json`), 'utf8')) as { themes: Record<string, { coverage: string; grades: Record<string, number> }> };

describe('judged themes', () => {
  it.each([['narrow', 12], ['news', 12], ['web', 12], ['narrow-apart', 9], ['news-apart', 6], ['web-apart', 6]] as const)('%s: %i themes, each judged, covered, thin and uncovered ones among them', async (set, count) => {
    // Act
    const themes = await loadThemes(path.join(ROOT, `bench/judged/themes-${set}.yaml`));
    const j = judged(set);
    // Assess
    expect(themes).toHaveLength(count);
    expect(themes.map((t) => t.id).sort()).toEqual(Object.keys(j.themes).sort());
    const coverage = Object.values(j.themes).map((t) => t.coverage);
    expect(coverage).toContain('thin');
    expect(coverage).toContain('none');
  });

  it.each(['narrow', 'narrow-apart'])('%s: every graded passage id exists in the ingested sample corpus', async (set) => {
    // Prepare
    const corpus = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
    const ids = new Set(corpus.passages.map((p) => p.id));
    // Act
    const missing = Object.values(judged(set).themes).flatMap((t) => Object.keys(t.grades)).filter((id) => !ids.has(id));
    // Assess
    expect(missing).toEqual([]);
  });

  it('news: every graded article exists in the BBC set', () => {
    // Prepare
    const dir = path.resolve(ROOT, '../shared/bench/bbc-news-summary/article');
    if (!existsSync(dir)) return;
    // Act
    const missing = Object.values(judged('news').themes).flatMap((t) => Object.keys(t.grades)).filter((id) => !existsSync(path.join(dir, id)));
    // Assess
    expect(missing).toEqual([]);
  });

  it('the sets written apart are held out, and only they', async () => {
    // Act
    const all = await loadJudgedThemes();
    // Assess
    const heldOutSets = [...new Set(all.filter((jt) => jt.heldOut).map((jt) => jt.set))].sort();
    expect(heldOutSets).toEqual(['narrow-apart', 'news-apart', 'web-apart']);
    expect(all.filter((jt) => !jt.heldOut).every((jt) => !jt.set.endsWith('-apart'))).toBe(true);
    expect(new Set(all.map((jt) => `${jt.set}/${jt.theme.id}`)).size).toBe(all.length);
  });

  it('news-apart and web-apart: every graded article or page exists in its set', () => {
    // Prepare
    const news = path.resolve(ROOT, '../shared/bench/bbc-news-summary/article');
    const web = path.resolve(ROOT, '../shared/bench/article-extraction-benchmark/html');
    if (!existsSync(news) || !existsSync(web)) return;
    // Act
    const graded = (set: string) => Object.values(judged(set).themes).flatMap((t) => Object.keys(t.grades));
    const missing = [...graded('news-apart').filter((id) => !existsSync(path.join(news, id))), ...graded('web-apart').filter((id) => !existsSync(path.join(web, `${id}.gz`)))];
    // Assess
    expect(missing).toEqual([]);
  });
});
