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

function hasBlockChild(n: DomNode): boolean {
  const kids = n.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.nodeType === 1 && (BLOCK_TAGS[(k.localName ?? '').toLowerCase()] || hasBlockChild(k))) return true;
  }
  return false;
}

function textLength(n: DomNode): number {
  return (n.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

/**
 * Reads a subtree into blocks.
 * @param root the subtree (an article body or a whole <body>)
 */
export function domToBlocks(root: DomNode): { blocks: DomBlock[]; dropped: { text: string; reason: string }[] } {
  const total = Math.max(1, textLength(root));
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
  const visit = (node: DomNode, inherited: BlockKind, inLink: boolean) => {
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) {
      const n = kids[i];
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
      const minor = textLength(n) < MINOR_SHARE * total;
      const furniture = SKIP_WHEN_MINOR.get(name);
      const names = `${n.getAttribute?.('class') ?? ''} ${n.getAttribute?.('id') ?? ''}`;
      if (minor && (furniture || NOISE_NAME.test(names) || /^(navigation|complementary|contentinfo|banner|search)$/.test(n.getAttribute?.('role') ?? ''))) {
        drop(n, furniture ?? `page furniture (class/id '${names.trim()}')`);
        continue;
      }
      if (name === 'br') {
        buffer += ' ';
        continue;
      }
      // A table cell is a block only when it holds blocks (a layout table); otherwise the
      // cells of a row read as one line.
      const kind = name === 'td' || name === 'th' ? (hasBlockChild(n) ? 'paragraph' : undefined) : BLOCK_TAGS[name];
      if ((name === 'td' || name === 'th') && !kind) buffer += ' ';
      const link = inLink || name === 'a';
      if (!kind) {
        visit(n, inherited, link);
        continue;
      }
      flush();
      const childKind = kind === 'paragraph' && inherited !== 'paragraph' ? inherited : kind;
      visit(n, childKind, link);
      flush();
    }
  };
  visit(root, 'paragraph', false);
  flush();
  return { blocks, dropped };
}
