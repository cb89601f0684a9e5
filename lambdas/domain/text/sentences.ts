/**
 * Sentence splitter: cuts cleaned text into sentences with rules that survive abbreviations,
 * initials, decimals, dates, quotes and ellipses. Every sentence is an exact substring of
 * the input. (First version; the summaries issue hardens it.)
 */

/**
 * Splits text into sentences, each an exact trimmed substring of `text`, in order.
 * @param text cleaned paragraph text
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^.!?]+(?:[.!?]+["'”’)\]]*|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const s = m[0].trim();
    if (s) out.push(s);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
