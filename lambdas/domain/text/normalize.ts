/**
 * Unicode normalisation of article text: NFKC, one style of quotes and dashes kept readable,
 * invisible characters removed, whitespace folded.
 */

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032`\u00B4]/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Normalises one line or paragraph: NFKC, straight quotes, no invisible characters,
 * single spaces, trimmed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(/[ \t\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

/** Normalises line endings of a whole document to "\n". */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\u2028|\u2029/g, '\n');
}

/** Lower-cased, punctuation-free form used to compare blocks for repetition. */
export function comparableForm(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(code: number, ch: string): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return WORD_CHAR.test(ch);
}

/**
 * Number of words in a text: runs of letters and digits, where an apostrophe or hyphen
 * between two word characters joins them ("Sino-Russian", "Xi's" are one word each).
 */
export function wordCount(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i];
    if (isWordChar(code, ch)) {
      if (!inWord) count++;
      inWord = true;
    } else if (inWord && (ch === "'" || ch === '’' || ch === '-') && i + 1 < text.length && isWordChar(text.charCodeAt(i + 1), text[i + 1])) {
      // joiner inside a word
    } else inWord = false;
  }
  return count;
}
