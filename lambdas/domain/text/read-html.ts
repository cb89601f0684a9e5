/**
 * Reader for HTML articles: measures how deep the page nests (html/nesting-depth.ts; a page
 * too deep to read safely is skipped), parses it with linkedom, reads what the page declares
 * about itself (html/html-metadata.ts), finds the article body (html/extract-article-body.ts:
 * Mozilla Readability, with a scored-block fallback) and returns its blocks; the project's
 * own cleaning rules (clean-blocks.ts) run on them afterwards like on any other format.
 */
import { parseHTML } from 'linkedom';
import type { ReadDocument } from './blocks.ts';
import { DEFAULT_POLICY, type HtmlRules } from './extraction/extraction-policy.ts';
import { extractArticleBody } from './html/extract-article-body.ts';
import { readHtmlMetadata, type MetaDocument } from './html/html-metadata.ts';
import { measureNesting } from './html/nesting-depth.ts';

/**
 * Deepest nesting of elements a page may have and still be read (issue #26). Browsers' own
 * parsers stop nesting at 512 levels (Blink and WebKit make deeper elements siblings), so no
 * page renders that deep as written, and article pages sit far below (Lighthouse already calls
 * more than 32 levels excessive). Past it the page is skipped with one warning, before
 * linkedom parses it: its parser alone takes 23 s on 200,000 levels (1.4 MB) and grows with
 * the square of the depth.
 */
export const MAX_HTML_DEPTH = 512;

/**
 * Deepest nesting handed to Readability. Over linkedom it costs about the cube of the depth on
 * a page with little text (it measures each candidate's text for each ancestor, and retries):
 * 0.3 s at 128 levels, 4 s at 512, 13 s at 1,024 (measured). A deeper page, up to
 * MAX_HTML_DEPTH, is read by the scored-block method alone, which is linear.
 */
export const READABILITY_MAX_DEPTH = 128;

/**
 * Parses an HTML document into blocks.
 * @param html the page source
 * @param rules the extraction policy's HTML rules
 */
export function readHtml(html: string, rules: HtmlRules = DEFAULT_POLICY.html): ReadDocument {
  const depth = measureNesting(html, MAX_HTML_DEPTH);
  if (depth > MAX_HTML_DEPTH) return { blocks: [], declared: {}, dropped: [], unreadable: `page nests elements more than ${MAX_HTML_DEPTH} levels deep; skipped` };
  const { document } = parseHTML(html);
  const declared = readHtmlMetadata(document as unknown as MetaDocument);
  const body = extractArticleBody(html, document, rules, { readability: depth <= READABILITY_MAX_DEPTH });
  return { blocks: body.blocks.map(({ kind, text }) => ({ kind, text })), declared, dropped: body.dropped };
}
