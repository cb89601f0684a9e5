/**
 * Dedupe threshold benchmark: precision and recall of near-duplicate detection on the
 * labelled pair set (test/fixtures/dedupe/pairs.json, rebuilt from the BBC articles by
 * bench/dedupe-pairs.ts with --write), at the operating point used by dedupePassages, per
 * kind, and over a sweep of the paraphrase bigram threshold. Writes bench/results/dedupe.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareTexts, measureTexts, PARAPHRASE_BIGRAMS, PARAPHRASE_STEMS, QUOTE_CONTAINMENT } from '../lambdas/domain/text/dedupe.ts';
import { buildPairs, type LabelledPair } from './dedupe-pairs.ts';
import { machineInfo } from './machine.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(here, '../test/fixtures/dedupe/pairs.json');
if (process.argv.includes('--write') || !existsSync(fixture)) {
  writeFileSync(fixture, JSON.stringify({ about: 'Labelled dedupe pairs built by bench/dedupe-pairs.ts from the BBC News Summary subset (../shared/bench, CC0): exact reposts, quotations, spun paraphrases, and same-topic negatives.', pairs: buildPairs() }) + '\n');
}
const pairs = (JSON.parse(readFileSync(fixture, 'utf8')) as { pairs: LabelledPair[] }).pairs;

function score(predict: (p: LabelledPair) => boolean) {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    const yes = predict(p);
    const truth = p.label !== 'none';
    if (yes && truth) tp++;
    else if (yes && !truth) fp++;
    else if (!yes && truth) fn++;
  }
  return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, tp, fp, fn };
}

const operating = score((p) => compareTexts(p.copy, p.original) !== null);
const perKind = Object.fromEntries((['exact', 'quote', 'paraphrase'] as const).map((k) => {
  const ps = pairs.filter((p) => p.label === k);
  return [k, { pairs: ps.length, recall: ps.filter((p) => compareTexts(p.copy, p.original) !== null).length / ps.length }];
}));
const negatives = pairs.filter((p) => p.label === 'none');
const measures = pairs.map((p) => ({ p, m: measureTexts(p.copy, p.original) }));
const sweep = [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5].map((t) => ({
  paraphraseBigrams: t,
  ...score((p) => {
    const m = measures.find((x) => x.p === p)!.m;
    return m.quote >= QUOTE_CONTAINMENT || (m.bigrams >= t && m.stems >= PARAPHRASE_STEMS);
  }),
}));
const result = {
  benchmark: 'dedupe',
  pairs: pairs.length,
  operatingPoint: { quoteContainment: QUOTE_CONTAINMENT, paraphraseBigrams: PARAPHRASE_BIGRAMS, paraphraseStems: PARAPHRASE_STEMS, ...operating },
  recallByKind: perKind,
  falsePositivesAmongNegatives: negatives.filter((p) => compareTexts(p.copy, p.original) !== null).length,
  negatives: negatives.length,
  margins: {
    maxBigramContainmentOfNegatives: Math.max(...measures.filter((x) => x.p.label === 'none').map((x) => x.m.bigrams)),
    minBigramContainmentOfParaphrases: Math.min(...measures.filter((x) => x.p.label === 'paraphrase').map((x) => x.m.bigrams)),
    maxShingleContainmentOfNegatives: Math.max(...measures.filter((x) => x.p.label === 'none').map((x) => x.m.quote)),
  },
  sweep,
  machine: machineInfo(),
};
writeFileSync(path.join(here, 'results', 'dedupe.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
