/**
 * Excerpts that read on their own. A chosen passage is widened backwards (within its
 * paragraph, then by the last sentence of the paragraph before) while it opens on words that
 * point back to text the reader has not seen ("However", "He", "This means", "As was
 * mentioned"), widened forwards when a quotation is left open or the last sentence has no
 * end, and otherwise narrowed to the sentences that stand. Every excerpt stays a run of
 * whole sentences, verbatim. When no shape reads on its own, the excerpt is marked so the
 * selection can prefer another.
 */
import type { Passage } from '../types.ts';
import { wordCount } from '../text/normalize.ts';

/** Opening words that lean on earlier text: pronouns, demonstratives, connectives, back-references ("A similar exercise", "The same is true", not "same-sex"). */
export const DANGLING_OPENER = /^\W*(as (was|has been|we) (mentioned|noted|said|seen)|as (mentioned|noted) (above|earlier|before)|as mentioned|(in )?doing so|he|she|they|it|its|his|her|their|them|this (is|was|means|shows|suggests|has|will|would|makes|gives|leaves|explains)|these|those|such|moreover|furthermore|in addition|besides|also|and|but|or|so|therefore|thus|hence|nevertheless|nonetheless|however|yet|meanwhile|in turn|instead|still|on the other hand|at the same time|the latter|the former|other|another|likewise|similarly|(a )?similar(?!-)|the same(?!-)|accordingly|consequently|as a result|for (this|that) reason|that is why|then)\b/i;
const ENDS = /[.!?\u2026]["'\u201d\u2019)\]]*\s*$/;
/** Longest excerpt after widening, in words. */
export const MAX_STANDALONE_WORDS = 170;

export interface ShapedExcerpt {
  text: string;
  sentences: string[];
  /** Whether it opens, ends and quotes like a complete thought. */
  standsAlone: boolean;
  /** Paragraph keys (`source#paragraph`) the excerpt draws on. */
  paragraphs: string[];
  /** What was done, for the why panel. */
  notes: string[];
}

/** Whether a sentence opens on words that point back to unseen text. */
export function opensDangling(sentence: string): boolean {
  return DANGLING_OPENER.test(sentence);
}

/** Whether the straight and curly double quotes of a text are balanced. */
export function quotesBalanced(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/\u201c/g) ?? []).length;
  const close = (text.match(/\u201d/g) ?? []).length;
  return straight % 2 === 0 && open === close;
}

const key = (p: Passage) => `${p.sourceId}#${p.paragraphIndex}`;

/** The sentences of a paragraph from its kept windows, with where the passage sits in them. */
function paragraphOf(p: Passage, byParagraph: Map<string, Passage[]>): { sentences: string[]; start: number; end: number } {
  const windows = (byParagraph.get(key(p)) ?? [p]).slice().sort((a, b) => a.windowIndex - b.windowIndex);
  // Only windows contiguous with the passage (a window merged away as a copy leaves a gap).
  let i = windows.indexOf(p);
  if (i < 0) return { sentences: p.sentences, start: 0, end: p.sentences.length };
  let lo = i;
  while (lo > 0 && windows[lo - 1].windowIndex === windows[lo].windowIndex - 1) lo--;
  let hi = i;
  while (hi < windows.length - 1 && windows[hi + 1].windowIndex === windows[hi].windowIndex + 1) hi++;
  const sentences: string[] = [];
  let start = 0;
  for (let w = lo; w <= hi; w++) {
    if (w === i) start = sentences.length;
    sentences.push(...windows[w].sentences);
  }
  return { sentences, start, end: start + p.sentences.length };
}

/** Groups passages by paragraph, for shaping. */
export function paragraphIndex(passages: Passage[]): Map<string, Passage[]> {
  const m = new Map<string, Passage[]>();
  for (const p of passages) {
    const k = key(p);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(p);
  }
  return m;
}

const words = (xs: string[]) => xs.reduce((n, s) => n + wordCount(s), 0);

/**
 * Shapes a chosen passage into an excerpt that reads on its own.
 * @param byParagraph kept passages grouped by paragraph (see paragraphIndex)
 */
export function shapeExcerpt(p: Passage, byParagraph: Map<string, Passage[]>): ShapedExcerpt {
  const para = paragraphOf(p, byParagraph);
  const S = para.sentences;
  let a = para.start;
  let b = para.end;
  const notes: string[] = [];
  const paragraphs = [key(p)];
  let lead: string[] = [];
  // 1. Widen backwards within the paragraph while the opening leans on what came before.
  while (a > 0 && opensDangling(S[a]) && words(S.slice(a - 1, b)) <= MAX_STANDALONE_WORDS) a--;
  if (a < para.start) notes.push(`widened back ${para.start - a} sentence(s) so it opens on a complete thought`);
  // 2. At the paragraph's start, the last sentence of the paragraph before may be what it points to.
  if (a === 0 && opensDangling(S[0])) {
    const before = byParagraph.get(`${p.sourceId}#${p.paragraphIndex - 1}`);
    const prev = before?.slice().sort((x, y) => x.windowIndex - y.windowIndex).at(-1)?.sentences.at(-1);
    if (prev && !opensDangling(prev) && ENDS.test(prev) && quotesBalanced(prev) && words([prev, ...S.slice(a, b)]) <= MAX_STANDALONE_WORDS) {
      lead = [prev];
      paragraphs.unshift(`${p.sourceId}#${p.paragraphIndex - 1}`);
      notes.push('opens with the last sentence of the paragraph before, which it points back to');
    }
  }
  // 3. Widen forwards while a quotation is left open or the last sentence has no end.
  const body = () => [...lead, ...S.slice(a, b)];
  while (b < S.length && (!quotesBalanced(body().join(' ')) || !ENDS.test(S[b - 1])) && words(S.slice(a, b + 1)) <= MAX_STANDALONE_WORDS) b++;
  // 4. Still open at the end: drop a trailing sentence that does not end, if enough remains.
  while (b - a > 1 && !ENDS.test(S[b - 1]) && words(S.slice(a, b - 1)) >= 15) b--;
  // 5. Still dangling at the start with nothing to widen to: start at the first sentence that stands.
  if (!lead.length && opensDangling(S[a])) {
    let c = a;
    while (c < b - 1 && opensDangling(S[c])) c++;
    if (!opensDangling(S[c]) && words(S.slice(c, b)) >= 25 && quotesBalanced(S.slice(c, b).join(' '))) {
      notes.push(`starts at its first sentence that stands alone (${c - a} dropped)`);
      a = c;
    }
  }
  const sentences = body();
  const text = sentences.join(' ');
  const standsAlone = !opensDangling(sentences[0]) && ENDS.test(text) && quotesBalanced(text);
  if (!standsAlone) notes.push('does not read on its own (kept only if nothing better is relevant)');
  return { text, sentences, standsAlone, paragraphs, notes };
}
