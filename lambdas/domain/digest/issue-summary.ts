/**
 * "In brief" of an issue: 2-4 verbatim sentences that say what the issue is about without
 * repeating it. They come from relevant passages (a quoted paragraph may lend a sentence its
 * excerpt left out), are never a sentence the issue prints, never open on words that point
 * back to unseen text, and are not close paraphrases of an excerpt's sentences. With too few such sentences the section is shorter
 * or absent rather than a repeat.
 */
import type { Passage, SummarySentence, Theme } from '../types.ts';
import { analyze } from '../text/analyze.ts';
import { opensDangling, quotesBalanced } from './standalone-excerpt.ts';
import { summarizeForTheme } from './summary.ts';

export const BRIEF_MIN = 2;
export const BRIEF_MAX = 4;
/** A brief sentence sharing this share of its content words with an excerpt sentence repeats it. */
const REPEAT_OVERLAP = 0.6;

function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size) return 0;
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n / a.size;
}

/**
 * The issue's brief.
 * @param others relevant passages the brief may draw on (none a copy of a quoted one), best first
 * @param excerptSentences every sentence the issue prints as an excerpt
 */
export function issueBrief(others: Passage[], theme: Theme, excerptSentences: string[], excerpts: number): SummarySentence[] {
  const printed = excerptSentences.map((s) => new Set(analyze(s)));
  const printedText = new Set(excerptSentences.map((s) => s.trim()));
  const accept = (s: string) => !opensDangling(s) && !printedText.has(s.trim()) && quotesBalanced(s) && !printed.some((p) => overlap(new Set(analyze(s)), p) >= REPEAT_OVERLAP);
  const want = Math.min(BRIEF_MAX, Math.max(BRIEF_MIN, excerpts - 1));
  const brief = summarizeForTheme(others, theme, { sentences: want, accept });
  return brief.length >= BRIEF_MIN ? brief : [];
}
