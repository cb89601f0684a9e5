import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../../lambdas/domain/text/dedupe.ts';

/** Labelled pairs built from the BBC subset by bench/dedupe-pairs.ts (see bench/results/dedupe.json). */
const { pairs } = JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/dedupe/pairs.json'), 'utf8')) as {
  pairs: { copy: string; original: string; label: 'exact' | 'quote' | 'paraphrase' | 'none'; note: string }[];
};

describe('dedupe operating point on the labelled pairs', () => {
  it('finds reposts, quotations and spun copies and merges no different article', () => {
    // Act
    const predictions = pairs.map((p) => ({ p, found: compareTexts(p.copy, p.original) }));
    // Assess
    const positives = predictions.filter((x) => x.p.label !== 'none');
    const negatives = predictions.filter((x) => x.p.label === 'none');
    const recall = positives.filter((x) => x.found).length / positives.length;
    const falsePositives = negatives.filter((x) => x.found).map((x) => x.p.note);
    expect(positives.length).toBeGreaterThan(100);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositives).toEqual([]);
  });

  it('labels an exact repost as exact and a quotation with a lead-in as a quote', () => {
    const exact = pairs.find((p) => p.label === 'exact')!;
    const quote = pairs.find((p) => p.label === 'quote')!;
    expect(compareTexts(exact.copy, exact.original)?.kind).toBe('exact');
    expect(compareTexts(quote.copy, quote.original)?.kind).toBe('quote');
  });
});
