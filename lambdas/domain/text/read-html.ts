/**
 * Reader for HTML articles: parses the page with linkedom, reads what the page declares
 * about itself (html/html-metadata.ts), finds the article body (html/extract-article-body.ts:
 * Mozilla Readability, with a scored-block fallback) and returns its blocks; the project's
 * own cleaning rules (clean-blocks.ts) run on them afterwards like on any other format.
 */
import { parseHTML } from 'linkedom';
import type { ReadDocument } from './blocks.ts';
import { extractArticleBody } from './html/extract-article-body.ts';
import { readHtmlMetadata, type MetaDocument } from './html/html-metadata.ts';

/**
 * Parses an HTML document into blocks.
 * @param html the page source
 */
export function readHtml(html: string): ReadDocument {
  const { document } = parseHTML(html);
  const declared = readHtmlMetadata(document as unknown as MetaDocument);
  const body = extractArticleBody(html, document);
  return { blocks: body.blocks.map(({ kind, text }) => ({ kind, text })), declared, dropped: body.dropped };
}
