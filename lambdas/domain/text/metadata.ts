/**
 * Metadata inference: title, date, URL and author from the opening blocks of an article
 * (a date line, a dateline with categories, a "By ..." line, a source URL), overridden by
 * what the markup declares (front matter, HTML meta tags).
 */
import type { Block, DeclaredMeta } from './blocks.ts';
import { findDate, lineIsDate } from './dates.ts';
import { boilerplateReason, isDateline } from './boilerplate-rules.ts';
import { comparableForm, wordCount } from './normalize.ts';

export interface InferredMeta {
  title: string | null;
  date: string | null;
  url: string | null;
  author: string | null;
  site: string | null;
  /** Indexes of blocks consumed as metadata (title, date line, byline). */
  consumed: Set<number>;
}

const URL_RE = /\bhttps?:\/\/[^\s<>"')\]]+/i;
const BYLINE = /^(?:by|author:?|written by)\s+([\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,3})$/iu;
const SOURCE_LINE = /^(?:source|originally published (?:at|on|in)|read (?:the original|more) at|url|link)\s*:?\s*(https?:\/\/\S+)$/i;

/** How many opening blocks may hold metadata. */
const HEAD_BLOCKS = 8;

/**
 * Infers metadata from the blocks; declared values win.
 * @param blocks the article's blocks in order
 * @param declared metadata found in front matter or markup
 */
export function inferMetadata(blocks: Block[], declared: DeclaredMeta): InferredMeta {
  const consumed = new Set<number>();
  let title: string | null = null;
  let date: string | null = null;
  let url: string | null = null;
  let author: string | null = null;
  const head = Math.min(blocks.length, HEAD_BLOCKS);
  for (let i = 0; i < head; i++) {
    const b = blocks[i];
    if (b.kind === 'paragraph' && wordCount(b.text) > 40) break; // the body has started
    const asDate = lineIsDate(b.text);
    if (asDate) {
      date ??= asDate;
      consumed.add(i);
      continue;
    }
    if (isDateline(b.text)) {
      date ??= findDate(b.text);
      consumed.add(i);
      continue;
    }
    const by = BYLINE.exec(b.text);
    if (by) {
      author ??= by[1];
      consumed.add(i);
      continue;
    }
    const src = SOURCE_LINE.exec(b.text);
    if (src) {
      url ??= src[1];
      consumed.add(i);
      continue;
    }
    const declaredOther = declared.title !== undefined && comparableForm(declared.title) !== comparableForm(b.text);
    if (!title && !declaredOther && b.kind === 'heading' && !boilerplateReason(b.text) && wordCount(b.text) >= 2) {
      title = b.text;
      consumed.add(i);
    }
  }
  if (!url) {
    for (const b of blocks) {
      const m = SOURCE_LINE.exec(b.text);
      if (m) {
        url = m[1];
        break;
      }
    }
  }
  if (!title) {
    const first = blocks.find((b, i) => !consumed.has(i) && !boilerplateReason(b.text));
    if (first) title = first.text.split(/(?<=[.!?])\s/)[0].split(/\s+/).slice(0, 12).join(' ');
  }
  return {
    title: declared.title ?? title,
    date: (declared.date && (findDate(declared.date) ?? null)) ?? date,
    url: declared.url && URL_RE.test(declared.url) ? declared.url : url,
    author: declared.author ?? author,
    site: declared.site ?? null,
    consumed,
  };
}
