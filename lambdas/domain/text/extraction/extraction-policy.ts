/**
 * Extraction policy: which of the project's own rules run on top of Mozilla Readability for
 * HTML pages, and their thresholds. The shipped values live in extraction-policy.json, chosen
 * by bench/extraction-fit.ts on the public benchmark pages; the figures reported for them are
 * measured out of fold (each page scored by a policy chosen without it). Text and Markdown
 * articles keep every cleaning rule: they are not what the benchmark measures.
 */
import shipped from './extraction-policy.json' with { type: 'json' };

/** The cleaning steps of clean-blocks.ts, each on or off. */
export interface CleaningRules {
  /** A comments or "latest" section that runs to the end of the page. */
  trailingSections: boolean;
  /** The notes section, kept as citations rather than passages. */
  notesSection: boolean;
  /** Line rules of boilerplate-rules.ts that do not run, by their reason ("share/permalink line", ...). */
  boilerplateOff: readonly string[];
  /** A block repeated within the page. */
  repeatedBlocks: boolean;
  /** A short block whose words all stand in a longer paragraph. */
  pullQuotes: boolean;
  /** A short unpunctuated tail after a paragraph's last sentence. */
  trailingFragments: boolean;
  /** Lower-case fragments between sentences (translation residue). */
  sentenceResidue: boolean;
}

/** The HTML rules on top of Readability, with thresholds (null = the rule is off). */
export interface HtmlRules {
  /** Readability found fewer words than this: score the whole page's blocks instead. */
  fallbackMinWords: number | null;
  /** Drop a block when more than this share of its text sits in links (trafilatura's link density). */
  maxLinkDensity: number | null;
  /**
   * Second pass: when less than this share of the page's declared description is found in
   * the extracted text, and the whole page's scored blocks cover it better, use those.
   */
  descriptionCoverage: number | null;
  /**
   * Drop a block (of 15 words or more) when at most this share of its content words stand in
   * the page's title, description and the article's blocks away from it: another story.
   */
  offTopicShare: number | null;
  /** Drop elements whose class or id names page furniture (comments, share, related, ...) when small. */
  furnitureNames: boolean;
}

/** The whole policy. */
export interface ExtractionPolicy {
  html: HtmlRules;
  /** Cleaning steps for HTML pages. */
  htmlCleaning: CleaningRules;
}

/** Every cleaning step on (text and Markdown articles; the seeds' kind of mess). */
export const ALL_CLEANING: Readonly<CleaningRules> = Object.freeze({
  trailingSections: true,
  notesSection: true,
  boilerplateOff: Object.freeze([]) as readonly string[],
  repeatedBlocks: true,
  pullQuotes: true,
  trailingFragments: true,
  sentenceResidue: true,
});

/** The policy as it stood before cross-validation: every rule on, no new rule (the baseline). */
export const LEGACY_POLICY: Readonly<ExtractionPolicy> = Object.freeze({
  html: Object.freeze({ fallbackMinWords: 60, maxLinkDensity: null, descriptionCoverage: null, offTopicShare: null, furnitureNames: true }),
  htmlCleaning: ALL_CLEANING,
});

/**
 * Where fitting starts: the rules as designed, before any page is seen. The baseline's rules,
 * plus the off-topic rule at its design value (a block sharing no content word with the
 * title, description and the rest of the article is another story); the fit keeps a change
 * only when it pays.
 */
export const DESIGN_POLICY: Readonly<ExtractionPolicy> = Object.freeze({
  html: Object.freeze({ ...LEGACY_POLICY.html, offTopicShare: 0 }),
  htmlCleaning: ALL_CLEANING,
});

/** The shipped policy (extraction-policy.json). */
export const DEFAULT_POLICY: Readonly<ExtractionPolicy> = Object.freeze({
  html: Object.freeze({ ...LEGACY_POLICY.html, ...(shipped as { html?: Partial<HtmlRules> }).html }),
  htmlCleaning: Object.freeze({ ...ALL_CLEANING, ...(shipped as { htmlCleaning?: Partial<CleaningRules> }).htmlCleaning }),
});
