/**
 * Finds the article body of an HTML page: Mozilla Readability over linkedom first; when it
 * finds nothing or too little, a scored-block fallback (the longest run of prose-like blocks
 * of the whole page: long, sentence-shaped, few links). Returns blocks for the cleaning rules.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { wordCount } from '../normalize.ts';
import { domToBlocks, type DomBlock, type DomNode } from './dom-blocks.ts';

export interface ExtractedBody {
  blocks: DomBlock[];
  dropped: { text: string; reason: string }[];
  /** Which method produced the body. */
  method: 'readability' | 'scored-blocks';
}

/** Fewer words than this from Readability means it missed the article. */
const MIN_READABILITY_WORDS = 60;

function words(blocks: DomBlock[]): number {
  return blocks.reduce((n, b) => n + wordCount(b.text), 0);
}

/** Whether a block reads like prose: several words, ends like a sentence, mostly not links. */
function proseScore(b: DomBlock): number {
  const w = wordCount(b.text);
  const linkShare = b.linkChars / Math.max(1, b.text.length);
  if (linkShare > 0.5) return -1;
  if (b.kind === 'heading') return 0;
  const sentenceLike = /[.!?"”')]$/.test(b.text) ? 1 : 0.3;
  return w >= 8 ? (w / 20) * sentenceLike * (1 - linkShare) : -0.3;
}

/**
 * The scored-block method: the contiguous run of blocks with the highest prose score
 * (maximum-sum subarray), with headings inside the run kept.
 */
export function scoredBlocks(blocks: DomBlock[]): DomBlock[] {
  let best = 0;
  let bestRange: [number, number] = [0, -1];
  let sum = 0;
  let start = 0;
  for (let i = 0; i < blocks.length; i++) {
    const s = proseScore(blocks[i]);
    if (sum + s < 0) {
      sum = 0;
      start = i + 1;
      continue;
    }
    sum += s;
    if (sum > best) {
      best = sum;
      bestRange = [start, i];
    }
  }
  return blocks.slice(bestRange[0], bestRange[1] + 1).filter((b) => proseScore(b) >= 0);
}

/**
 * Extracts the article body.
 * @param html the page source
 * @param document the page parsed by linkedom; Readability rewrites it, so read the page's
 *   metadata first
 */
export function extractArticleBody(html: string, document: unknown): ExtractedBody {
  let article: { content: unknown } | null = null;
  try {
    article = new Readability(document as Document, { keepClasses: true, serializer: (el: Node) => el as unknown as string }).parse() as { content: unknown } | null;
  } catch {
    article = null;
  }
  const read = article?.content ? domToBlocks(article.content as DomNode) : null;
  if (read && words(read.blocks) >= MIN_READABILITY_WORDS) return { ...read, method: 'readability' };
  // Too little: score the blocks of the untouched page (parsed again: Readability changed it).
  const page = parseHTML(html).document as unknown as { body: DomNode | null; documentElement: DomNode };
  const whole = domToBlocks(page.body ?? page.documentElement);
  const kept = scoredBlocks(whole.blocks);
  if (read && words(read.blocks) >= words(kept)) return { ...read, method: 'readability' };
  const keptSet = new Set(kept);
  const dropped = [...whole.dropped, ...whole.blocks.filter((b) => !keptSet.has(b)).map((b) => ({ text: b.text, reason: 'outside the article body (scored blocks)' }))];
  return { blocks: kept, dropped, method: 'scored-blocks' };
}
