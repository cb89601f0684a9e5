/**
 * Finds the article body of an HTML page: Mozilla Readability over linkedom first, then the
 * project's rules that the extraction policy keeps (extraction/extraction-policy.ts): a
 * scored-block fallback when Readability finds too little (the longest run of prose-like
 * blocks of the whole page), a second pass when the result misses the page's own description,
 * link-dense blocks dropped, and blocks about another story (almost nothing in common with
 * the page's title, description and the rest of the article) dropped. Returns blocks for the
 * cleaning rules.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { analyze } from '../analyze.ts';
import { DEFAULT_POLICY, type HtmlRules } from '../extraction/extraction-policy.ts';
import { wordCount } from '../normalize.ts';
import { domToBlocks, type DomBlock, type DomNode } from './dom-blocks.ts';

export interface ExtractedBody {
  blocks: DomBlock[];
  dropped: { text: string; reason: string }[];
  /** Which method produced the body. */
  method: 'readability' | 'scored-blocks';
}

/** What one read of a page offers the policy: Readability's body, the whole page, the page's own words about itself. */
export interface BodyCandidates {
  /** Readability's article, or null when it found none. */
  readability: { blocks: DomBlock[]; dropped: Dropped[] } | null;
  /** The whole page's blocks (computed on first use: a second parse). */
  page(): { blocks: DomBlock[]; dropped: Dropped[] };
  /** The page's title and declared description (og:description, meta description). */
  title: string;
  description: string;
}

type Dropped = { text: string; reason: string };

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

function metaContent(doc: { querySelector(s: string): { getAttribute(n: string): string | null } | null }, selector: string): string {
  return doc.querySelector(selector)?.getAttribute('content')?.trim() ?? '';
}

/**
 * Reads a page once for the policy: Readability's body and the page's own description.
 * @param html the page source
 * @param document the page parsed by linkedom; Readability rewrites it, so read the page's
 *   metadata first
 * @param opts.furnitureNames drop small elements whose class or id names page furniture
 * @param opts.readability false to leave Readability out (a page nested too deep for it, see read-html.ts)
 */
export function bodyCandidates(html: string, document: unknown, opts: { furnitureNames?: boolean; readability?: boolean } = {}): BodyCandidates {
  const doc = document as { querySelector(s: string): { getAttribute(n: string): string | null; textContent?: string | null } | null };
  const description = metaContent(doc, 'meta[property="og:description"]') || metaContent(doc, 'meta[name="description"]') || metaContent(doc, 'meta[name="twitter:description"]');
  const title = metaContent(doc, 'meta[property="og:title"]') || (doc.querySelector('h1')?.textContent ?? '').trim() || (doc.querySelector('title')?.textContent ?? '').trim();
  const walk = { furnitureNames: opts.furnitureNames ?? true };
  let article: { content: unknown } | null = null;
  if (opts.readability !== false) {
    try {
      article = new Readability(document as Document, { keepClasses: true, serializer: (el: Node) => el as unknown as string }).parse() as { content: unknown } | null;
    } catch {
      article = null;
    }
  }
  const readability = article?.content ? domToBlocks(article.content as DomNode, walk) : null;
  let page: ReturnType<BodyCandidates['page']> | null = null;
  return {
    readability,
    title,
    description,
    page: () => {
      if (!page) {
        // Parsed again, once: Readability changed the first document.
        const fresh = parseHTML(html).document as unknown as { body: DomNode | null; documentElement: DomNode };
        page = domToBlocks(fresh.body ?? fresh.documentElement, walk);
      }
      return page;
    },
  };
}

/** The scored-block body of the whole page, with what it left out. */
function scoredBody(c: BodyCandidates): ExtractedBody {
  const whole = c.page();
  const kept = scoredBlocks(whole.blocks);
  const keptSet = new Set(kept);
  const dropped = [...whole.dropped, ...whole.blocks.filter((b) => !keptSet.has(b)).map((b) => ({ text: b.text, reason: 'outside the article body (scored blocks)' }))];
  return { blocks: kept, dropped, method: 'scored-blocks' };
}

/** Share of the description's content words found in the blocks. */
function descriptionCovered(description: string, blocks: DomBlock[]): number {
  const want = new Set(analyze(description));
  if (!want.size) return 1;
  const have = new Set(analyze(blocks.map((b) => b.text).join(' ')));
  let hit = 0;
  for (const w of want) if (have.has(w)) hit++;
  return hit / want.size;
}

/** The body Readability and the fallback agree on, before the block rules. */
function firstPass(c: BodyCandidates, rules: HtmlRules): ExtractedBody {
  const read = c.readability;
  const readWords = read ? words(read.blocks) : 0;
  const fallback = rules.fallbackMinWords !== null && readWords < rules.fallbackMinWords;
  if (read && !fallback) return { ...read, method: 'readability' };
  if (rules.fallbackMinWords === null) return { blocks: read?.blocks ?? [], dropped: read?.dropped ?? [], method: 'readability' };
  const scored = scoredBody(c);
  if (read && readWords >= words(scored.blocks)) return { ...read, method: 'readability' };
  return scored;
}

/** Second pass: the whole page's scored blocks when they cover the page's description and the first pass does not. */
function secondPass(c: BodyCandidates, body: ExtractedBody, rules: HtmlRules): ExtractedBody {
  if (rules.descriptionCoverage === null || body.method === 'scored-blocks' || wordCount(c.description) < 6) return body;
  const first = descriptionCovered(c.description, body.blocks);
  if (first >= rules.descriptionCoverage) return body;
  const scored = scoredBody(c);
  const second = descriptionCovered(c.description, scored.blocks);
  return second > first + 0.2 && words(scored.blocks) >= 0.5 * words(body.blocks) ? scored : body;
}

/** Drops link-dense blocks (menus, link lists inside the body). */
function dropLinkDense(body: ExtractedBody, maxShare: number): ExtractedBody {
  const dropped: Dropped[] = [];
  const blocks = body.blocks.filter((b) => {
    const dense = b.kind !== 'heading' && b.linkChars / Math.max(1, b.text.length) > maxShare;
    if (dense) dropped.push({ text: b.text, reason: 'mostly links (link density)' });
    return !dense;
  });
  return { ...body, blocks, dropped: [...body.dropped, ...dropped] };
}

/** Blocks of this many words or more are judged for topic; shorter ones carry too few words to tell. */
const TOPIC_MIN_WORDS = 15;
/** Blocks on each side left out of a block's context, so a run of blocks about another story is judged as one. */
const TOPIC_WINDOW = 2;

/**
 * Drops blocks about another story on the page: at most `maxShare` of their content words
 * stand in the page's title, its description, and the article's blocks away from them (a
 * news ticker inside a review shares nothing with the review around it).
 */
function dropOffTopic(c: BodyCandidates, body: ExtractedBody, maxShare: number): ExtractedBody {
  const stems = body.blocks.map((b) => (b.kind === 'heading' ? new Set<string>() : new Set(analyze(b.text))));
  const head = new Set(analyze(`${c.title} ${c.description}`));
  const blocksWith = new Map<string, number>();
  for (const set of stems) for (const w of set) blocksWith.set(w, (blocksWith.get(w) ?? 0) + 1);
  const dropped: Dropped[] = [];
  const blocks = body.blocks.filter((b, i) => {
    if (b.kind === 'heading' || wordCount(b.text) < TOPIC_MIN_WORDS) return true;
    const near = stems.slice(Math.max(0, i - TOPIC_WINDOW), i + TOPIC_WINDOW + 1);
    let shared = 0;
    for (const w of stems[i]) {
      const nearby = near.reduce((n, set) => n + (set.has(w) ? 1 : 0), 0);
      if (head.has(w) || (blocksWith.get(w) ?? 0) > nearby) shared++;
    }
    const off = stems[i].size > 0 && shared / stems[i].size <= maxShare;
    if (off) dropped.push({ text: b.text, reason: 'another story on the page (shares almost nothing with the title and the rest of the article)' });
    return !off;
  });
  return { ...body, blocks, dropped: [...body.dropped, ...dropped] };
}

/**
 * Chooses the article body from a page's candidates under the policy's HTML rules.
 * @param c the page read once (bodyCandidates)
 * @param rules the rules and thresholds to apply
 */
export function chooseArticleBody(c: BodyCandidates, rules: HtmlRules = DEFAULT_POLICY.html): ExtractedBody {
  let body = secondPass(c, firstPass(c, rules), rules);
  if (rules.maxLinkDensity !== null) body = dropLinkDense(body, rules.maxLinkDensity);
  if (rules.offTopicShare !== null) body = dropOffTopic(c, body, rules.offTopicShare);
  return body;
}

/**
 * Extracts the article body.
 * @param html the page source
 * @param document the page parsed by linkedom (read the page's metadata first: Readability changes it)
 * @param rules the policy's HTML rules
 * @param opts.readability false to leave Readability out (the scored blocks read the page)
 */
export function extractArticleBody(html: string, document: unknown, rules: HtmlRules = DEFAULT_POLICY.html, opts: { readability?: boolean } = {}): ExtractedBody {
  return chooseArticleBody(bodyCandidates(html, document, { furnitureNames: rules.furnitureNames, readability: opts.readability }), rules);
}
