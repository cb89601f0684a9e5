/**
 * Reader for HTML articles, through htmlparser2: drops what is not the article by element
 * (script, style, nav, aside, footer, form, figure captions, iframes) and by a class or id
 * that names a comments, sidebar, share or menu area; collects paragraphs, headings, list
 * items and quotes as blocks; reads the title, date, URL and author the markup declares.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { makeBlock, type Block, type BlockKind, type DeclaredMeta, type ReadDocument } from './blocks.ts';
import { normalizeText } from './normalize.ts';

const SKIP_TAGS = new Map<string, string>([
  ['script', 'script'], ['style', 'style'], ['noscript', 'script'], ['template', 'script'], ['svg', 'graphic'],
  ['nav', 'navigation (<nav>)'], ['aside', 'sidebar (<aside>)'], ['footer', 'page footer (<footer>)'],
  ['form', 'form'], ['iframe', 'embedded frame'], ['button', 'control'], ['select', 'control'],
  ['figcaption', 'photo caption'], ['picture', 'image'], ['video', 'media'], ['audio', 'media'], ['head', 'head'],
]);
const BLOCK_TAGS: Record<string, BlockKind> = {
  p: 'paragraph', div: 'paragraph', section: 'paragraph', article: 'paragraph', main: 'paragraph', td: 'paragraph',
  h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading',
  li: 'item', dd: 'item', dt: 'heading', blockquote: 'quote', pre: 'paragraph', figure: 'caption', tr: 'paragraph',
};
const NOISE_NAME = /(^|[\s_-])(comments?|comment-form|respond|sidebar|share|sharing|social|related|newsletter|cookies?|breadcrumbs?|menu|navbar|nav|advert|ads|promo|subscribe|popular|most-read|widget|byline-share)($|[\s_-])/i;

function attr(el: Element, name: string): string | undefined {
  return el.attribs?.[name];
}

function readDeclared(root: ChildNode[]): DeclaredMeta {
  const declared: DeclaredMeta = {};
  let h1: string | undefined;
  let titleTag: string | undefined;
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
      const el = n as Element;
      const name = el.name.toLowerCase();
      const prop = (attr(el, 'property') ?? attr(el, 'name') ?? attr(el, 'itemprop') ?? '').toLowerCase();
      const content = attr(el, 'content');
      if (name === 'meta' && content) {
        if (prop === 'og:title' || prop === 'twitter:title') declared.title ??= normalizeText(content);
        else if (['article:published_time', 'date', 'datepublished', 'pubdate', 'dc.date', 'publish-date'].includes(prop)) declared.date ??= content;
        else if (prop === 'og:url') declared.url ??= content;
        else if (prop === 'author' || prop === 'article:author') declared.author ??= normalizeText(content);
      } else if (name === 'link' && (attr(el, 'rel') ?? '').toLowerCase() === 'canonical' && attr(el, 'href')) {
        declared.url ??= attr(el, 'href');
      } else if (name === 'time' && attr(el, 'datetime')) {
        declared.date ??= attr(el, 'datetime');
      } else if (name === 'title') {
        titleTag ??= normalizeText(textOf(el.children));
      } else if (name === 'h1') {
        h1 ??= normalizeText(textOf(el.children));
      }
      walk(el.children);
    }
  };
  walk(root);
  declared.title ??= h1 || titleTag || undefined;
  return declared;
}

function textOf(nodes: ChildNode[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text') s += (n as unknown as { data: string }).data;
    else if (n.type === 'tag') {
      const el = n as Element;
      if (SKIP_TAGS.has(el.name.toLowerCase())) continue;
      s += el.name.toLowerCase() === 'br' ? ' ' : textOf(el.children);
    }
  }
  return s;
}

/**
 * Parses an HTML document into blocks.
 * @param html the page source
 */
export function readHtml(html: string): ReadDocument {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const declared = readDeclared(doc.children);
  const blocks: Block[] = [];
  const dropped: ReadDocument['dropped'] = [];
  let buffer = '';
  let bufferKind: BlockKind = 'paragraph';
  const flush = () => {
    const b = makeBlock(bufferKind, buffer);
    if (b) blocks.push(b);
    buffer = '';
    bufferKind = 'paragraph';
  };
  const visit = (nodes: ChildNode[], inherited: BlockKind) => {
    for (const n of nodes) {
      if (n.type === 'text') {
        if (!buffer) bufferKind = inherited;
        buffer += (n as unknown as { data: string }).data;
        continue;
      }
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
      const el = n as Element;
      const name = el.name.toLowerCase();
      const skip = SKIP_TAGS.get(name);
      const noise = `${attr(el, 'class') ?? ''} ${attr(el, 'id') ?? ''}`;
      if (skip || (name !== 'body' && name !== 'html' && NOISE_NAME.test(noise))) {
        const text = normalizeText(textOf(el.children));
        if (text && skip !== 'head' && skip !== 'script') dropped.push({ text, reason: skip ?? `page furniture (class/id '${noise.trim()}')` });
        continue;
      }
      if (name === 'br') {
        buffer += ' ';
        continue;
      }
      const kind = BLOCK_TAGS[name];
      if (!kind) {
        visit(el.children, inherited);
        continue;
      }
      flush();
      const childKind = kind === 'paragraph' && inherited !== 'paragraph' ? inherited : kind;
      visit(el.children, childKind);
      flush();
    }
  };
  visit(doc.children, 'paragraph');
  flush();
  return { blocks: blocks.map((b) => (b.kind === 'caption' ? { ...b, kind: 'paragraph' as const } : b)), declared, dropped };
}
