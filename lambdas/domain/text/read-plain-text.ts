/**
 * Reader for plain-text articles: blank lines separate blocks; inside a block, lines that
 * are photo credits, their captions, or repeated verbatim are dropped; a lone short line
 * without sentence punctuation is a heading.
 */
import { looksLikeHeading, makeBlock, type Block, type ReadDocument } from './blocks.ts';
import { isCreditLine } from './boilerplate-rules.ts';
import { normalizeText } from './normalize.ts';

/**
 * Splits plain text into blocks.
 * @param text the article body (front matter already removed), "\n" line endings
 */
export function readPlainText(text: string): ReadDocument {
  const blocks: Block[] = [];
  const dropped: ReadDocument['dropped'] = [];
  for (const chunk of text.split(/\n[ \t\u00A0]*\n/)) {
    const lines = chunk.split('\n').map(normalizeText).filter(Boolean);
    if (!lines.length) continue;
    const kept: string[] = [];
    let afterCredit = false;
    const counts = new Map<string, number>();
    for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (isCreditLine(line)) {
        dropped.push({ text: line, reason: 'photo credit' });
        afterCredit = true;
        continue;
      }
      if (afterCredit) {
        dropped.push({ text: line, reason: 'photo caption (follows a credit line)' });
        continue;
      }
      if ((counts.get(line) ?? 0) > 1) {
        // A line printed twice in one block is an image caption echoed by its alt text.
        if (!dropped.some((d) => d.text === line)) dropped.push({ text: line, reason: 'caption (line repeated within the block)' });
        continue;
      }
      kept.push(line);
    }
    if (!kept.length) continue;
    // A block of several short heading-like lines is a list (menu, sidebar, byline): one block per line.
    if (kept.length > 1 && kept.every((l) => looksLikeHeading(l))) {
      for (const l of kept) blocks.push({ kind: 'heading', text: l });
      continue;
    }
    const joined = kept.join(' ');
    const block = makeBlock(kept.length === 1 && looksLikeHeading(joined) ? 'heading' : 'paragraph', joined);
    if (block) blocks.push(block);
  }
  return { blocks, declared: {}, dropped };
}
