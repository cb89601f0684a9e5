/**
 * The block model shared by the text, Markdown and HTML readers: an article as a list of
 * blocks (paragraphs, headings, list items, quotes) before boilerplate removal.
 */
import { normalizeText, wordCount } from './normalize.ts';

export type BlockKind = 'paragraph' | 'heading' | 'item' | 'quote' | 'caption';

export interface Block {
  kind: BlockKind;
  /** Normalised text of the block. */
  text: string;
}

/** Metadata a reader found in the markup itself (HTML meta tags, front matter). */
export interface DeclaredMeta {
  title?: string;
  date?: string;
  url?: string;
  author?: string;
  /** The site or publication's name (og:site_name, JSON-LD publisher). */
  site?: string;
  /** The page's canonical claim as a sidecar recorded it, beside `url` (the address fetched). */
  canonical?: string;
}

/** What a format reader returns. */
export interface ReadDocument {
  blocks: Block[];
  declared: DeclaredMeta;
  /** Blocks the reader itself dropped (e.g. <nav>), with the reason. */
  dropped: { text: string; reason: string }[];
  /** Set when the reader would not read the document at all: why, in one line (the file is skipped). */
  unreadable?: string;
}

const TERMINAL = /[.!;,:"')\]]$/;

/**
 * Whether a single-line block reads as a heading: short, and not ending like a sentence.
 * A question mark is allowed ("Who is the owner?").
 */
export function looksLikeHeading(text: string): boolean {
  const words = wordCount(text);
  if (words === 0 || words > 20) return false;
  if (TERMINAL.test(text)) return false;
  if (/[.!?]\s+\S/.test(text) && /[.!]\s+[A-Z]/.test(text)) return false; // two sentences
  return true;
}

/** Builds a block from raw text, normalising it; returns null when nothing is left. */
export function makeBlock(kind: BlockKind, raw: string): Block | null {
  const text = normalizeText(raw);
  return text ? { kind, text } : null;
}
