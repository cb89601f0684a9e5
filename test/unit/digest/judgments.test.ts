import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsCorpusReader } from '../../../lambdas/adapters/fs/fs-corpus-reader.ts';
import { loadThemes } from '../../../lambdas/adapters/fs/themes-file.ts';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { ingestCorpus } from '../../../lambdas/services/ingest-corpus.ts';

const ROOT = path.resolve(__dirname, '../../..');
const judgments = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/selection/judgments.json'), 'utf8')).themes as Record<string, Record<string, number>>;

describe('selection quality against the graded judgments', async () => {
  const corpus = await ingestCorpus(new FsCorpusReader(path.join(ROOT, 'corpus')));
  const themes = await loadThemes(path.join(ROOT, 'themes.yaml'));

  it('refers only to passages that exist', () => {
    const ids = new Set(corpus.passages.map((p) => p.id));
    for (const grades of Object.values(judgments)) for (const id of Object.keys(grades)) expect(ids.has(id), id).toBe(true);
  });

  it.each(Object.keys(judgments))('%s: at least 3 excerpts, at most one of them not judged relevant', (themeId) => {
    // Act
    const digest = buildDigest(corpus, themes.find((t) => t.id === themeId)!, { now: new Date(), maxExcerpts: 5 });
    // Assess
    const relevant = digest.excerpts.filter((e) => (judgments[themeId][e.id] ?? 0) > 0).length;
    expect(digest.excerpts.length).toBeGreaterThanOrEqual(3);
    expect(relevant).toBeGreaterThanOrEqual(digest.excerpts.length - 1);
  });
});
