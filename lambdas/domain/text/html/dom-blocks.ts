/**
 * Turns a DOM subtree (linkedom) into article blocks: paragraphs, headings, list items and
 * quotes, in order. Drops elements that are never article text (script, style, nav, forms,
 * captions, controls) and elements whose class or id names page furniture (comments, share
 * bars, newsletter boxes, related links), but only when they hold a minority of the text:
 * a wrapper named "content-with-sidebar" or a page-wide <form> that contains the article
 * is walked into, not thrown away.
 */
import { makeBlock, type Block, type BlockKind } from '../blocks.ts';
import { normalizeText } from '../normalize.ts';

/** The slice of a DOM node this module reads. */
export interface DomNode {
  nodeType: number;
  childNodes: ArrayLike<DomNode>;
  textContent: string | null;
  localName?: string;
  getAttribute?(name: string): string | null;
}

/** A block with how much of its text sits inside links (for scoring). */
export interface DomBlock extends Block {
  linkChars: number;
}

const ALWAYS_SKIP = new Map<string, string>([
  ['script', 'script'], ['style', 'style'], ['noscript', 'script'], ['template', 'script'], ['svg', 'graphic'], ['head', 'head'],
  ['iframe', 'embedded frame'], ['button', 'control'], ['select', 'control'], ['input', 'control'], ['textarea', 'control'], ['label', 'control'],
  ['figcaption', 'photo caption'], ['picture', 'image'], ['video', 'media'], ['audio', 'media'], ['object', 'media'], ['canvas', 'graphic'],
]);
/** Elements that are furniture when small, but may wrap the article on some sites. */
const SKIP_WHEN_MINOR = new Map<string, string>([
  ['nav', 'navigation (<nav>)'], ['aside', 'sidebar (<aside>)'], ['footer', 'page footer (<footer>)'], ['form', 'form'], ['header', 'page header (<header>)'],
]);
const BLOCK_TAGS: Record<string, BlockKind> = {
  p: 'paragraph', div: 'paragraph', section: 'paragraph', article: 'paragraph', main: 'paragraph',   h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading',
  li: 'item', dd: 'item', dt: 'heading', blockquote: 'quote', pre: 'paragraph', figure: 'caption', tr: 'paragraph', ul: 'paragraph', ol: 'paragraph', table: 'paragraph', center: 'paragraph',
};
/** Class/id words that name furniture; matched as whole words of the class or id. */
export const NOISE_NAME = /(^|[\s_-])(comments?|comment-form|respond|sidebar|share|sharing|social|related|newsletter|cookies?|breadcrumbs?|menu|navbar|nav|advert|advertisement|ads|ad-slot|promo|subscribe|subscription|popular|most-read|widget|byline-share|signup|paywall|recommended|read-more|more-stories|tags|author-bio|hidden|visually-hidden|sr-only|screen-reader-text|caption|credit)($|[\s_-])/i;

/** Share of the subtree's text a furniture element may hold and still be dropped. */
const MINOR_SHARE = 0.25;

/** What the cleaning needs to know of a subtree without reading it again for each element. */
interface SubtreeFacts {
  /** Length of its text with runs of whitespace as one space, trimmed (textContent, normalised). */
  textLength: number;
  /** Whether it holds a block element below its root (a table cell that holds blocks is a layout cell). */
  hasBlock: boolean;
}

/** Whitespace summary of a run of text, so two runs' collapsed length adds up without rereading them. */
interface TextRun {
  /** Length with each run of whitespace counted as one space (not trimmed). */
  collapsed: number;
  empty: boolean;
  leadingSpace: boolean;
  trailingSpace: boolean;
}

const EMPTY_RUN: TextRun = { collapsed: 0, empty: true, leadingSpace: false, trailingSpace: false };

function textRun(data: string): TextRun {
  if (!data) return EMPTY_RUN;
  return { collapsed: data.replace(/\s+/g, ' ').length, empty: false, leadingSpace: /^\s/.test(data), trailingSpace: /\s$/.test(data) };
}

function joinRuns(a: TextRun, b: TextRun): TextRun {
  if (a.empty) return b;
  if (b.empty) return a;
  return { collapsed: a.collapsed + b.collapsed - (a.trailingSpace && b.leadingSpace ? 1 : 0), empty: false, leadingSpace: a.leadingSpace, trailingSpace: b.trailingSpace };
}

function trimmedLength(r: TextRun): number {
  return Math.max(0, r.collapsed - (r.leadingSpace ? 1 : 0) - (r.trailingSpace ? 1 : 0));
}

/**
 * The facts of every element of a subtree, in one pass (post-order, with an explicit stack:
 * a page nested thousands deep must not overflow the call stack, and asking each element
 * for its textContent would read the text once per ancestor).
 */
function subtreeFacts(root: DomNode): Map<DomNode, SubtreeFacts> {
  const facts = new Map<DomNode, SubtreeFacts>();
  const stack: { node: DomNode; kids: ArrayLike<DomNode>; next: number; run: TextRun; hasBlock: boolean }[] = [{ node: root, kids: root.childNodes, next: 0, run: EMPTY_RUN, hasBlock: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next < top.kids.length) {
      const k = top.kids[top.next++];
      // textContent reads text and CDATA nodes; comments and the like add nothing.
      if (k.nodeType === 3 || k.nodeType === 4) top.run = joinRuns(top.run, textRun(k.textContent ?? ''));
      else if (k.nodeType === 1) stack.push({ node: k, kids: k.childNodes, next: 0, run: EMPTY_RUN, hasBlock: false });
      continue;
    }
    stack.pop();
    facts.set(top.node, { textLength: trimmedLength(top.run), hasBlock: top.hasBlock });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.run = joinRuns(parent.run, top.run);
      if (top.hasBlock || BLOCK_TAGS[(top.node.localName ?? '').toLowerCase()]) parent.hasBlock = true;
    }
  }
  return facts;
}

/**
 * Reads a subtree into blocks.
 * @param root the subtree (an article body or a whole <body>)
 * @param opts.furnitureNames drop small elements whose class or id names furniture (default on)
 */
export function domToBlocks(root: DomNode, opts: { furnitureNames?: boolean } = {}): { blocks: DomBlock[]; dropped: { text: string; reason: string }[] } {
  const byName = opts.furnitureNames ?? true;
  const facts = subtreeFacts(root);
  const total = Math.max(1, facts.get(root)!.textLength);
  const blocks: DomBlock[] = [];
  const dropped: { text: string; reason: string }[] = [];
  let buffer = '';
  let linkChars = 0;
  let bufferKind: BlockKind = 'paragraph';
  const flush = () => {
    const b = makeBlock(bufferKind, buffer);
    if (b) blocks.push({ ...b, kind: b.kind === 'caption' ? 'paragraph' : b.kind, linkChars: Math.min(linkChars, b.text.length) });
    buffer = '';
    linkChars = 0;
    bufferKind = 'paragraph';
  };
  const drop = (n: DomNode, reason: string) => {
    const text = normalizeText(n.textContent ?? '');
    if (text) dropped.push({ text, reason });
  };
  // Depth-first with an explicit stack (a page nested thousands deep must not overflow the
  // call stack); a block element's frame flushes the buffer when it is done.
  const stack: { kids: ArrayLike<DomNode>; next: number; inherited: BlockKind; inLink: boolean; block: boolean }[] = [{ kids: root.childNodes, next: 0, inherited: 'paragraph', inLink: false, block: false }];
  while (stack.length) {
    const frame = stack[stack.length - 1];
    if (frame.next >= frame.kids.length) {
      stack.pop();
      if (frame.block) flush();
      continue;
    }
    const { inherited, inLink } = frame;
    const n = frame.kids[frame.next++];
    if (n.nodeType === 3) {
      const data = n.textContent ?? '';
      if (!buffer.trim()) bufferKind = inherited;
      buffer += data;
      if (inLink) linkChars += data.trim().length;
      continue;
    }
    if (n.nodeType !== 1) continue;
    const name = (n.localName ?? '').toLowerCase();
    const always = ALWAYS_SKIP.get(name);
    if (always) {
      if (always !== 'script' && always !== 'head' && always !== 'style') drop(n, always);
      continue;
    }
    if (n.getAttribute?.('hidden') != null) continue;
    if (/display:\s*none|visibility:\s*hidden/i.test(n.getAttribute?.('style') ?? '') || n.getAttribute?.('aria-hidden') === 'true') continue;
    const minor = facts.get(n)!.textLength < MINOR_SHARE * total;
    const furniture = SKIP_WHEN_MINOR.get(name);
    const names = `${n.getAttribute?.('class') ?? ''} ${n.getAttribute?.('id') ?? ''}`;
    if (minor && (furniture || (byName && NOISE_NAME.test(names)) || /^(navigation|complementary|contentinfo|banner|search)$/.test(n.getAttribute?.('role') ?? ''))) {
      drop(n, furniture ?? `page furniture (class/id '${names.trim()}')`);
      continue;
    }
    if (name === 'br') {
      buffer += ' ';
      continue;
    }
    // A table cell is a block only when it holds blocks (a layout table); otherwise the
    // cells of a row read as one line.
    const kind = name === 'td' || name === 'th' ? (facts.get(n)!.hasBlock ? 'paragraph' : undefined) : BLOCK_TAGS[name];
    if ((name === 'td' || name === 'th') && !kind) buffer += ' ';
    const link = inLink || name === 'a';
    if (!kind) {
      stack.push({ kids: n.childNodes, next: 0, inherited, inLink: link, block: false });
      continue;
    }
    flush();
    const childKind = kind === 'paragraph' && inherited !== 'paragraph' ? inherited : kind;
    stack.push({ kids: n.childNodes, next: 0, inherited: childKind, inLink: link, block: true });
  }
  flush();
  return { blocks, dropped };
}
