/**
 * The extraction rules on top of Readability: link-dense blocks, another story inside a page,
 * the second pass on the page's description, and the fitter that chooses which rules run.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { DESIGN_POLICY, LEGACY_POLICY, type ExtractionPolicy } from '../../../lambdas/domain/text/extraction/extraction-policy.ts';
import { fitPolicy, withRuleOff } from '../../../lambdas/domain/text/extraction/fit-policy.ts';
import { extractArticleBody } from '../../../lambdas/domain/text/html/extract-article-body.ts';

const STREAM = [
  'The streaming platform said on Tuesday that its top game streamers would move to a new revenue split, giving creators seventy percent of subscription income from next month.',
  'Streamers who broadcast games for more than twenty hours a week will also get a share of advertising revenue, the platform said, after months of complaints from creators.',
  'Several well-known game streamers had threatened to leave the platform for rivals that already pay a larger share of subscription income to creators.',
  'Analysts said the new split could cost the platform revenue this year but keep its most popular game streamers and their audiences from moving to rivals.',
];
const TICKER = 'House lawmakers opened impeachment hearings against the president on Wednesday, calling diplomats to testify about foreign aid withheld from an ally.';

function page(body: string): string {
  return `<!doctype html><html><head><title>Game streamers get a bigger revenue split</title><meta name="description" content="The streaming platform will give game streamers seventy percent of subscription income."></head><body><article><h1>Game streamers get a bigger revenue split</h1>${body}</article></body></html>`;
}

function texts(html: string, policy: ExtractionPolicy): string[] {
  const { document } = parseHTML(html);
  return extractArticleBody(html, document, policy.html).blocks.map((b) => b.text);
}

describe('the off-topic rule', () => {
  it('drops a block about another story that shares no word with the title, description and lead', () => {
    // Prepare: a news ticker item in the middle of a game-streaming article
    const html = page(`<p>${STREAM[0]}</p><p>${STREAM[1]}</p><p>${TICKER}</p><p>${STREAM[2]}</p><p>${STREAM[3]}</p>`);
    // Act
    const kept = texts(html, DESIGN_POLICY);
    const before = texts(html, LEGACY_POLICY);
    // Assess
    expect(before).toContain(TICKER);
    expect(kept).not.toContain(TICKER);
    expect(kept).toEqual(expect.arrayContaining(STREAM));
  });

  it('keeps a later paragraph that shares a word with the topic', () => {
    // Prepare
    const related = 'The president of the streamers association welcomed the revenue change on Wednesday but asked for written contracts.';
    const html = page(`<p>${STREAM[0]}</p><p>${STREAM[1]}</p><p>${related}</p>`);
    // Act / Assess
    expect(texts(html, DESIGN_POLICY)).toContain(related);
  });
});

describe('the link-density rule', () => {
  it('drops a block that is mostly links and keeps prose with a link in it', () => {
    // Prepare
    const links = '<p><a href="/a">Streaming news</a> <a href="/b">Game reviews and previews</a> <a href="/c">Esports results today</a> and more</p>';
    const prose = `<p>${STREAM[2].replace('rivals', '<a href="/r">rivals</a>')}</p>`;
    const html = page(`<p>${STREAM[0]}</p><p>${STREAM[1]}</p>${links}${prose}<p>${STREAM[3]}</p>`);
    const policy = { ...LEGACY_POLICY, html: { ...LEGACY_POLICY.html, maxLinkDensity: 0.8 } };
    // Act
    const kept = texts(html, policy);
    // Assess
    expect(kept.some((t) => t.startsWith('Streaming news'))).toBe(false);
    expect(kept.some((t) => t.startsWith('Several well-known'))).toBe(true);
  });
});

describe('fitPolicy', () => {
  it('keeps a change only when it raises the score, and can say what a rule is worth off', () => {
    // Prepare: a scorer that rewards link density at 0.65 and punishes dropping repeated blocks being off
    const score = (p: ExtractionPolicy) => (p.html.maxLinkDensity === 0.65 ? 0.9 : 0.8) + (p.htmlCleaning.repeatedBlocks ? 0 : -0.1);
    // Act
    const fitted = fitPolicy(LEGACY_POLICY, score);
    // Assess
    expect(fitted.policy.html.maxLinkDensity).toBe(0.65);
    expect(fitted.policy.htmlCleaning.repeatedBlocks).toBe(true);
    expect(fitted.score).toBeCloseTo(0.9);
    expect(withRuleOff(fitted.policy, 'html.maxLinkDensity').html.maxLinkDensity).toBeNull();
    expect(withRuleOff(fitted.policy, 'line.share/permalink line').htmlCleaning.boilerplateOff).toEqual(['share/permalink line']);
  });
});
