/**
 * Passages: the units the digest ranks. A paragraph is one passage; a long paragraph is cut
 * into windows of 2-4 sentences (about 40-120 words) along sentence boundaries.
 */
import type { Passage } from '../types.ts';
import { wordCount } from './normalize.ts';
import { splitSentences } from './sentences.ts';

/** Longest paragraph kept whole, in words. */
export const MAX_PASSAGE_WORDS = 120;
/** Target window size in words. */
const TARGET_WINDOW_WORDS = 80;
const MAX_WINDOW_SENTENCES = 4;
const MIN_WINDOW_SENTENCES = 2;

/** A paragraph ready to become passages. */
export interface ParagraphInput {
  sourceId: string;
  paragraphIndex: number;
  text: string;
  heading: string | null;
  citations: string[];
}

function passage(p: ParagraphInput, windowIndex: number, sentences: string[], text: string, windowed: boolean): Passage {
  return {
    id: windowed ? `${p.sourceId}#p${p.paragraphIndex}w${windowIndex}` : `${p.sourceId}#p${p.paragraphIndex}`,
    sourceId: p.sourceId,
    paragraphIndex: p.paragraphIndex,
    windowIndex,
    text,
    sentences,
    heading: p.heading,
    citations: p.citations,
    duplicates: [],
  };
}

/**
 * Cuts sentences into windows of 2-4 sentences of about 40-120 words.
 * @returns groups of consecutive sentence indexes
 */
export function windowSentences(sentences: string[]): number[][] {
  const words = sentences.map(wordCount);
  const windows: number[][] = [];
  let current: number[] = [];
  let count = 0;
  for (let i = 0; i < sentences.length; i++) {
    const wouldBe = count + words[i];
    if (current.length >= MIN_WINDOW_SENTENCES && (wouldBe > MAX_PASSAGE_WORDS || current.length >= MAX_WINDOW_SENTENCES || count >= TARGET_WINDOW_WORDS)) {
      windows.push(current);
      current = [];
      count = 0;
    }
    current.push(i);
    count += words[i];
  }
  if (current.length) {
    const last = windows[windows.length - 1];
    // A lone short tail joins the previous window rather than standing as a fragment.
    if (last && (current.length < MIN_WINDOW_SENTENCES || count < 30) && last.length + current.length <= MAX_WINDOW_SENTENCES + 1) last.push(...current);
    else windows.push(current);
  }
  return windows;
}

/**
 * Turns one paragraph into passages; every passage text is an exact substring of the
 * paragraph, and every sentence an exact substring of its passage.
 */
export function paragraphToPassages(p: ParagraphInput): Passage[] {
  const sentences = splitSentences(p.text);
  if (wordCount(p.text) <= MAX_PASSAGE_WORDS || sentences.length <= MAX_WINDOW_SENTENCES) {
    return [passage(p, 0, sentences.length ? sentences : [p.text], p.text, false)];
  }
  const out: Passage[] = [];
  let cursor = 0;
  windowSentences(sentences).forEach((idx, w) => {
    const first = sentences[idx[0]];
    const last = sentences[idx[idx.length - 1]];
    const start = p.text.indexOf(first, cursor);
    const end = p.text.indexOf(last, start) + last.length;
    cursor = end;
    out.push(passage(p, w, idx.map((i) => sentences[i]), p.text.slice(start, end), true));
  });
  return out;
}
