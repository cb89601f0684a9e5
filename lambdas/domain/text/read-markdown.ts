/**
 * Reader for Markdown articles, through marked's lexer: headings, paragraphs, list items and
 * quotes become blocks with inline markup removed; images, code and HTML comments are
 * dropped; a thematic break stays as a rule line (it may open a notes section); footnote
 * definitions ("[^1]: ...") become numbered notes.
 */
import { lexer, type Token, type Tokens } from 'marked';
import { makeBlock, type Block, type BlockKind, type ReadDocument } from './blocks.ts';

/** The text of inline tokens, depth-first with an explicit stack (how deep they nest is the file's choice). */
function inline(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  let s = '';
  const stack: { list: Token[]; next: number }[] = [{ list: tokens, next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next >= top.list.length) {
      stack.pop();
      continue;
    }
    const t = top.list[top.next++];
    if (t.type === 'image') continue;
    if (t.type === 'br') s += ' ';
    else if (t.type === 'html') continue;
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length) stack.push({ list: t.tokens as Token[], next: 0 });
    else if ('text' in t) s += (t as { text: string }).text;
  }
  return s;
}

/**
 * Parses Markdown into blocks.
 * @param markdown the article body (front matter already removed)
 */
export function readMarkdown(markdown: string): ReadDocument {
  const notes: string[] = [];
  const body = markdown.replace(/^\[\^(\w+)\]:[ \t]*(.*)$/gm, (_m, n: string, text: string) => {
    notes.push(`${n} ${text}`);
    return '';
  });
  const blocks: Block[] = [];
  const dropped: ReadDocument['dropped'] = [];
  const push = (kind: BlockKind, text: string) => {
    const b = makeBlock(kind, text.replace(/\[\^(\w+)\]/g, ''));
    if (b) blocks.push(b);
  };
  // Depth-first over the block tokens with an explicit stack (quotes nest as deep as the file likes).
  const stack: { list: Token[]; next: number; quoted: boolean }[] = [{ list: lexer(body), next: 0, quoted: false }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next >= top.list.length) {
      stack.pop();
      continue;
    }
    const { quoted } = top;
    const t = top.list[top.next++];
    switch (t.type) {
      case 'heading':
        push('heading', inline(t.tokens, t.text));
        break;
      case 'paragraph': {
        const onlyImage = (t.tokens ?? []).every((x) => x.type === 'image' || (x.type === 'text' && !x.raw.trim()));
        if (onlyImage) dropped.push({ text: t.raw.trim(), reason: 'image' });
        else push(quoted ? 'quote' : 'paragraph', inline(t.tokens, t.text));
        break;
      }
      case 'text':
        push(quoted ? 'quote' : 'paragraph', inline((t as Tokens.Text).tokens, t.text));
        break;
      case 'blockquote':
        stack.push({ list: (t as Tokens.Blockquote).tokens, next: 0, quoted: true });
        break;
      case 'list': {
        const list = t as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        list.items.forEach((item, i) => {
          const text = item.tokens.map((x) => ('tokens' in x && x.tokens ? inline(x.tokens as Token[], '') : 'text' in x ? (x as { text: string }).text : '')).join(' ');
          push('item', list.ordered ? `${start + i} ${text}` : text);
        });
        break;
      }
      case 'hr':
        blocks.push({ kind: 'paragraph', text: '___' });
        break;
      case 'code':
        dropped.push({ text: t.text.slice(0, 200), reason: 'code block' });
        break;
      case 'html':
        if (t.text.trim()) dropped.push({ text: t.text.trim().slice(0, 200), reason: 'raw HTML' });
        break;
      default:
        break;
    }
  }
  if (notes.length) {
    blocks.push({ kind: 'paragraph', text: '___' });
    for (const n of notes) push('paragraph', n);
  }
  return { blocks, declared: {}, dropped };
}
