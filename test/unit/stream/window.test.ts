/** Theme windows, the stream's dates and recency: parsing, defaults, and what a digest may quote. */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../../lambdas/domain/digest/build-digest.ts';
import { settleDate } from '../../../lambdas/domain/stream/article-date.ts';
import { RECENCY_WEIGHT, recencyBoost } from '../../../lambdas/domain/stream/recency.ts';
import { segmentOf, segmentReaches, sketchGroupOf } from '../../../lambdas/domain/stream/segments.ts';
import { defaultWindow, parseWindow, windowStart } from '../../../lambdas/domain/stream/window.ts';
import { parseThemes } from '../../../lambdas/domain/themes/parse-themes.ts';
import { buildCorpus } from '../../../lambdas/domain/text/build-corpus.ts';
import { ingestDocument } from '../../../lambdas/domain/text/ingest-document.ts';
import { ThemesFileError } from '../../../lambdas/errors.ts';

const DAY = 86_400_000;

describe('parseWindow', () => {
  it.each([
    ['7d', 7 * DAY],
    ['30d', 30 * DAY],
    ['P2W', 14 * DAY],
    ['P1M', 30 * DAY],
    ['P1DT12H', 36 * 3_600_000],
  ])('reads %s', (text, ms) => {
    expect(parseWindow(text)).toEqual({ kind: 'duration', ms, text });
  });

  it('reads all', () => {
    expect(parseWindow('all')).toEqual({ kind: 'all' });
  });

  it.each(['', 'P', 'PT', '7', 'seven days', '7 d', '-7d', 'P-1D', 'PT12H', '0d', '99999d', '__proto__'])('refuses %j', (text) => {
    expect(parseWindow(text)).toHaveProperty('error');
  });
});

describe('defaultWindow', () => {
  it('is the schedule period plus a day', () => {
    expect(defaultWindow('cron(0 7 ? * MON *)', 'Europe/London')).toMatchObject({ kind: 'duration', text: '8d' });
    expect(defaultWindow('rate(1 day)', 'UTC')).toMatchObject({ text: '2d' });
    // monthly: the longest month (31 days) plus one
    expect(defaultWindow('cron(0 8 1 * ? *)', 'UTC')).toMatchObject({ text: '32d' });
  });

  it('is all without a schedule, or for a one-off', () => {
    expect(defaultWindow(undefined, 'UTC')).toEqual({ kind: 'all' });
    expect(defaultWindow('at(2026-12-24T09:00:00)', 'UTC')).toEqual({ kind: 'all' });
  });
});

describe('themes.yaml window', () => {
  const yaml = (extra: string) => `themes:\n  - id: a\n    title: A\n    keywords: [bees]\n${extra}`;

  it('takes the written window, else the default', () => {
    expect(parseThemes(yaml('    window: P2W\n'), 'themes.yaml')[0].window).toMatchObject({ ms: 14 * DAY });
    expect(parseThemes(yaml('    schedule: cron(0 7 ? * MON *)\n'), 'themes.yaml')[0].window).toMatchObject({ text: '8d' });
    expect(parseThemes(yaml(''), 'themes.yaml')[0].window).toEqual({ kind: 'all' });
  });

  it('refuses an unparseable window with its line', () => {
    // Act
    const attempt = () => parseThemes(yaml('    schedule: cron(0 7 ? * MON *)\n    window: fortnight\n'), 'themes.yaml');
    // Assess
    expect(attempt).toThrow(ThemesFileError);
    expect(attempt).toThrow(/themes\.yaml line 6: window 'fortnight' is not 'all'/);
  });
});

describe('dates in the stream', () => {
  it('treats a date beyond tomorrow as today, with a warning', () => {
    const now = new Date('2026-06-01T08:00:00Z');
    expect(settleDate('2026-06-02', now)).toEqual({ date: '2026-06-02', warning: null });
    expect(settleDate('2031-01-01', now)).toEqual({ date: '2026-06-01', warning: 'dated 2031-01-01, in the future; treated as dated 2026-06-01' });
  });

  it('cuts the index by day, loads the days a window reaches, and groups sketches by ISO week', () => {
    expect(segmentOf('2026-06-01')).toBe('2026-06-01');
    expect(segmentOf(null)).toBe('undated');
    expect(segmentReaches('2026-05-31', '2026-05-31')).toBe(true);
    expect(segmentReaches('2026-05-30', '2026-05-31')).toBe(false);
    expect(segmentReaches('undated', '2026-05-31')).toBe(false);
    expect(segmentReaches('undated', null)).toBe(true);
    expect(sketchGroupOf('2026-01-01')).toBe('2026-W01');
    expect(sketchGroupOf('2027-01-01')).toBe('2026-W53');
    expect(sketchGroupOf('2026-06-01')).toBe('2026-W23');
    expect(sketchGroupOf('2026-06-07')).toBe('2026-W23');
    expect(sketchGroupOf('undated')).toBe('undated');
  });

  it('prefers newer articles mildly, and not at all without a window', () => {
    const anchor = new Date('2026-06-01T08:00:00Z');
    expect(recencyBoost('2026-06-01', anchor, 8).factor).toBeCloseTo(1.1);
    expect(recencyBoost('2026-05-28', anchor, 8)).toEqual({ factor: 1.05, ageDays: 4 });
    expect(recencyBoost('2026-05-24', anchor, 8).factor).toBe(1);
    expect(recencyBoost('2026-05-28', anchor, null)).toEqual({ factor: 1, ageDays: null });
  });
});

describe('buildDigest in a window', () => {
  const article = (id: string, date: string, text: string) => ingestDocument(id, new TextEncoder().encode(`---\ndate: ${date}\n---\n${text}`));
  const corpus = () =>
    buildCorpus([
      article('old.txt', '2026-04-01', 'Bees of Spring\n\nUrban beekeeping grew fast as rooftop hives spread across city centres, and honey bees now pollinate parks and balconies alike.'),
      article('new.txt', '2026-05-29', 'Bees This Week\n\nWild bee species suffer when too many honey bee hives compete for the same flowers in small urban parks, ecologists warn this week.'),
    ]);
  const theme = parseThemes('themes:\n  - id: bees\n    title: Bees in the city\n    description: Urban beekeeping, honey bees and wild bees in city parks\n    keywords: [beekeeping, honey bees, wild bees]\n    window: 7d\n    minExcerpts: 1\n', 'themes.yaml')[0];

  it('quotes only articles dated inside the window, and says how old each is', () => {
    // Act
    const digest = buildDigest(corpus(), theme, { now: new Date('2026-06-01T08:00:00Z') });
    // Assess
    expect(digest.window).toEqual({ from: '2026-05-25', days: 7, articles: 1 });
    expect(digest.excerpts.map((e) => e.sourceId)).toEqual(['new.txt']);
    expect(digest.excerpts[0].why.recency).toEqual({ ageDays: 3, factor: expect.closeTo(1.057, 3) });
    expect(digest.summary.sentences.every((s) => s.sourceId === 'new.txt')).toBe(true);
  });

  it('quotes nothing when the window holds no article', () => {
    const digest = buildDigest(corpus(), theme, { now: new Date('2026-09-01T08:00:00Z') });
    expect(digest.window?.articles).toBe(0);
    expect(digest.excerpts).toEqual([]);
    expect(digest.status).toBe('not-enough-material');
  });

  it('counts the window back from the anchor (the issue period), not from now', () => {
    expect(windowStart(theme.window, new Date('2026-06-08T07:00:00Z'))).toBe('2026-06-01');
    const digest = buildDigest(corpus(), theme, { now: new Date('2026-06-01T08:00:00Z'), anchor: new Date('2026-06-08T07:00:00Z') });
    expect(digest.excerpts).toEqual([]);
  });
});

describe('the theme\'s cut in a window', () => {
  const article = (id: string, date: string, text: string) => ingestDocument(id, new TextEncoder().encode(`---\ndate: ${date}\n---\n${text}`));
  // Four passages in a (dated `aDay`), one each in b and c (dated the day).
  const corpus = (aDay: string) =>
    buildCorpus([
      article('a.txt', aDay, 'Hives on the Roofs\n\nRooftop hives of honey bees now crowd the city centre, and urban beekeeping keeps growing with every spring season.\n\nBeekeepers say honey bees forage across parks, and their hives yield a city honey that sells out in the markets each autumn.\n\nNew urban beekeeping courses train hundreds of residents, and many of them set up hives for honey bees on balconies and roofs near city parks.\n\nThe council counts honey bee hives in city parks each year, and the count of urban beekeeping sites has doubled.'),
      article('b.txt', '2026-06-01', 'Flowers Under Pressure\n\nWild bees lose ground where honey bee hives crowd small parks, ecologists said after a summer of counting pollinators.'),
      article('c.txt', '2026-06-01', 'Parks Report\n\nThe parks department planted long meadows of clover and thyme along the river this year, and walkers reported that wild bees were seen among the new flowers on most mornings of the summer.'),
    ]);
  const theme = parseThemes('themes:\n  - id: bees\n    title: Bees in the city\n    description: Urban beekeeping, honey bees and wild bees in city parks\n    keywords: [beekeeping, honey bees, wild bees]\n    window: 30d\n', 'themes.yaml')[0];
  // One feature decides and orders, so the probabilities sit close together: a's weakest just above c's.
  const model = { decide: { weights: { bm25: 1.5 }, bias: 0 }, order: { weights: { bm25: 1.5 }, bias: 0 }, cut: 0.45, briefCut: 0.99 };
  const now = new Date('2026-06-01T08:00:00Z');
  const probabilityOf = (digest: ReturnType<typeof buildDigest>, source: string) => digest.excerpts.filter((e) => e.sourceId === source).map((e) => e.why.relevance!.probability);

  it('rises past a fresh weak passage only when the surer ones are as fresh', () => {
    // Act: a dated the day, then at the window's first day
    const sameDay = buildDigest(corpus('2026-06-01'), theme, { now, model });
    const older = buildDigest(corpus('2026-05-02'), theme, { now, model });
    // Assess: with equal dates the cut rises past c, whose passage is less sure than a's four
    expect(sameDay.excerpts.map((e) => e.sourceId).sort()).toEqual(['a.txt', 'a.txt', 'a.txt', 'a.txt', 'b.txt']);
    expect(sameDay.excerpts[0].why.relevance!.cut).toBeGreaterThan(model.cut);
    const weakestOfA = Math.min(...probabilityOf(sameDay, 'a.txt'));
    // Assess: with a a month old, c's freshness (x1.1 against x1.0) outweighs the small margin, so the cut stays
    const [cProbability] = probabilityOf(older, 'c.txt');
    expect(cProbability).toBeLessThan(weakestOfA);
    expect(cProbability * (1 + RECENCY_WEIGHT)).toBeGreaterThan(weakestOfA);
    expect(older.excerpts[0].why.relevance!.cut).toBe(model.cut);
    expect(older.excerpts.map((e) => e.sourceId).sort()).toEqual(['a.txt', 'a.txt', 'a.txt', 'b.txt', 'c.txt']);
  });
});

describe('the preview of an empty window', () => {
  it('says there is no article in the last N days', async () => {
    // Prepare
    const { themePage } = await import('../../../lambdas/local/preview-pages.ts');
    const theme = parseThemes('themes:\n  - id: bees\n    title: Bees\n    keywords: [bees]\n    schedule: cron(0 7 ? * MON *)\n', 'themes.yaml')[0];
    const digest = buildDigest(buildCorpus([]), theme, { now: new Date('2026-06-01T08:00:00Z') });
    // Act
    const html = themePage({ theme, themes: [theme], digest, text: '', subject: 'Bees', checks: [], next: '2026-06-08', csrf: 'x', canSend: false });
    // Assess
    expect(html).toContain('No article in the last 8 days (window from 2026-05-24). This issue will not be sent; add articles, widen the theme\'s keywords or its window.');
  });
});
