/**
 * Site labels: the publisher's own branding that some pages put before a paragraph's first
 * sentence ("Strategic Council Online - Opinion: Time passes by...", "PanARMENIAN.Net -
 * Verified video footage..."). Cleaning drops it (clean-blocks.ts, with its reason), so an
 * excerpt or an "In brief" sentence never opens on the site's name, and the name never counts
 * among the page's words. A news dateline ("WASHINGTON (AP) —") says where and who, and stays.
 */

/** A dash between spaces ("-", "–"), or an em dash or double hyphen with or without them. */
const DASH = String.raw`(?:\s*(?:—|--)\s*|\s+[-–]\s+)`;
/** One to five capitalised words: the site's name. */
const NAME = String.raw`\p{Lu}[\p{L}\p{N}.&'’]*(?:\s+\p{Lu}[\p{L}\p{N}.&'’]*){0,4}`;
/** Section labels newsrooms print after the site's name: a closed class of kinds of piece. */
const KIND = String.raw`(?:Opinion|Interview|Analysis|Commentary|Comment|Editorial|Exclusive|Feature|Review|Update|News|Breaking News|Report|Column|Explainer|Perspective|Viewpoint|Note|Op-Ed)`;
/** What follows a label: a sentence's capital, or an opening quote. */
const THEN = String.raw`(?=[\p{Lu}"“‘'])`;
/** "Site Name - Opinion: " */
const LABELLED = new RegExp(String.raw`^${NAME}${DASH}${KIND}\s*:\s+${THEN}`, 'u');
/** "Example.net - ": a domain name, then a dash. */
const DOMAIN = new RegExp(String.raw`^[\p{L}\p{N}][\p{L}\p{N}-]*(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,6}${DASH}${THEN}`, 'u');

/**
 * The site label a paragraph opens with, or '' when it has none.
 * @param paragraph a cleaned paragraph's text
 * @returns the label with the spaces after it, an exact prefix of `paragraph`
 */
export function leadingSiteLabel(paragraph: string): string {
  return (LABELLED.exec(paragraph) ?? DOMAIN.exec(paragraph))?.[0] ?? '';
}
