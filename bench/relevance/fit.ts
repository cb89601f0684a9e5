/**
 * Fits the relevance model on every judged theme and writes
 * lambdas/domain/relevance/weights.json (`node bin/run-ts.mjs bench/relevance/fit.ts`). The
 * editorial bench reports the same fit out of fold (each theme scored by a model fitted
 * without it).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchIndex } from '../../lambdas/domain/digest/search-index.ts';
import { trainModel } from '../../lambdas/domain/relevance/train.ts';
import { loadCorpora, loadJudgedThemes } from '../lib/judged-themes.ts';
import { examplesOf } from './examples.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpora = await loadCorpora();
const indexes = Object.fromEntries(Object.entries(corpora).map(([k, c]) => [k, buildSearchIndex(c.passages)]));
// Held-out themes (written apart) never enter the fit.
const themes = (await loadJudgedThemes()).filter((jt) => !jt.heldOut);
const examples = themes.flatMap((jt) => examplesOf(jt, corpora[jt.corpusName], indexes[jt.corpusName]));
const model = trainModel(examples);
const about = `Fitted by bench/relevance/fit.ts on ${themes.length} judged themes (${examples.length} candidates, ${examples.filter((e) => e.relevant).length} relevant): logistic regression over lambdas/domain/relevance/features.ts, the decision model calibrated (Platt scaling); cut chosen on simulated issues spread across sources as the digest spreads them, each theme's cut risen as the digest raises it (theme-cut.ts; F0.5 of precision and fill per theme), brief cut where its passages are 99% on the theme. Out-of-fold figures: bench/results/editorial.json.`;
writeFileSync(path.resolve(here, '../../lambdas/domain/relevance/weights.json'), `${JSON.stringify({ about, ...model }, null, 2)}\n`);
console.log(JSON.stringify(model, null, 2));
