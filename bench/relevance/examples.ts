/**
 * Judged examples for the relevance fit: each judged theme's candidates (judgeCandidates: the
 * best BM25 passages of its corpus, copies left out) as feature vectors with their judged label.
 */
import { buildQuery } from '../../lambdas/domain/digest/query.ts';
import { rankPassages } from '../../lambdas/domain/digest/rank.ts';
import type { SearchIndex } from '../../lambdas/domain/digest/search-index.ts';
import { judgeCandidates } from '../../lambdas/domain/relevance/judge.ts';
import type { Example } from '../../lambdas/domain/relevance/train.ts';
import type { Corpus } from '../../lambdas/domain/types.ts';
import { quotable } from '../../lambdas/domain/digest/build-digest.ts';
import { judgedKey, type JudgedTheme } from '../lib/judged-themes.ts';

/** The examples of one theme (relevant = graded 1 or 2). */
export function examplesOf(jt: JudgedTheme, corpus: Corpus, index: SearchIndex): Example[] {
  const query = buildQuery(jt.theme);
  const ranked = rankPassages(index, query);
  const canQuote = quotable(corpus);
  const theme = judgedKey(jt);
  return judgeCandidates(corpus, jt.theme, query, index, ranked).map((j) => {
    const p = corpus.passages[j.score.index];
    return { x: j.x, relevant: jt.grade(p) > 0, theme, eligible: canQuote(p), source: p.sourceId };
  });
}
