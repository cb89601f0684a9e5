/**
 * Sentence splitter: cuts cleaned text into sentences with rules that survive titles and
 * other abbreviations (Mr., Gen., No., Feb.), initials (J. R. R. Tolkien), dotted
 * abbreviations (U.S., e.g., a.m.), decimals and version numbers, quotes and brackets
 * after the full stop, ellipses, and a missing space after a full stop. Every sentence is
 * an exact substring of the input, in order, trimmed.
 */

/** Abbreviations after which a full stop never ends a sentence (titles, "No.", "vs."...). */
const NEVER_END = new Set(
  'mr mrs ms mx dr prof sr jr st gen col lt sgt capt cpt maj adm cmdr gov sen rep rev hon mt ft vs cf al approx ca ave blvd rd dept univ eds messrs mme mlle esp incl'.split(' '),
);
/** Abbreviations of a numbered reference ("No. 1", "p. 13", "Fig. 2"): no boundary before a number. */
const BEFORE_NUMBER = new Set('no nos p pp vol vols fig figs eq art sec ch para op ed'.split(' '));
/** Abbreviations that end a sentence only when a typical sentence opener follows. */
const MAYBE_END = new Set('inc ltd co corp bros jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun etc est min max'.split(' '));
/** Words that typically open a sentence: after an ambiguous abbreviation they mark a boundary. */
const OPENERS = new Set(
  'the a an in on at he she it they we i you this that these those there but and or so yet however then when while after before as if his her its their our my mr mrs ms dr for from to with by what why how who where one some many most all both each no not nor also since although though because meanwhile moreover furthermore still such'.split(' '),
);

const TERMINATOR = /([.!?]+|…)(["'”’)\]]*)(?=\s|$)/g;

function wordBefore(text: string, end: number): string {
  const m = /([\p{L}\p{N}.'’-]+)$/u.exec(text.slice(Math.max(0, end - 40), end));
  return m ? m[1] : '';
}

function nextWord(text: string, from: number): string {
  const m = /^\s*["'“‘(\[]*([\p{L}\p{N}]+)/u.exec(text.slice(from, from + 60));
  return m ? m[1] : '';
}

/** Whether the terminator at [start, end) ends a sentence, given what follows. */
function endsSentence(text: string, punct: string, start: number, end: number): boolean {
  const next = nextWord(text, end);
  const after = text.slice(end).trimStart();
  if (!after) return true;
  const first = after[0];
  // The next sentence opens with a capital, a digit, or an opening quote/bracket.
  if (!/[\p{Lu}\p{N}"'“‘(\[¿¡]/u.test(first)) return false;
  if (punct !== '.') return punct === '…' || punct.includes('.') ? /\p{Lu}|["“(]/u.test(first) : true;
  const before = wordBefore(text, start);
  const bare = before.replace(/^[("'“‘\[]+/, '');
  const lower = bare.toLowerCase();
  const nextIsOpener = OPENERS.has(next.toLowerCase());
  if (NEVER_END.has(lower)) return false;
  if (BEFORE_NUMBER.has(lower) && /^\d/.test(next)) return false;
  // Initials: a single capital letter ("J. R. R. Tolkien", "V. Putin").
  if (/^\p{Lu}$/u.test(bare)) return false;
  // Dotted abbreviations: "U.S.", "e.g.", "a.m.", "D.C." end a sentence only before an opener.
  if (/^(\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(bare)) return nextIsOpener && /^\p{Lu}/u.test(next);
  if (MAYBE_END.has(lower)) return nextIsOpener;
  // A number followed by a full stop at the start of a list ("1. First") is not a sentence.
  if (/^\d{1,2}$/.test(bare) && start - before.length <= 0) return false;
  return true;
}

/**
 * Splits text into sentences, each an exact trimmed substring of `text`, in order.
 * Blank lines always separate sentences.
 * @param text cleaned paragraph text
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n/)) pushBlock(block, out);
  return out;
}

function pushBlock(text: string, out: string[]): void {
  const cuts: number[] = [];
  TERMINATOR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TERMINATOR.exec(text)) !== null) {
    const start = m.index;
    const end = m.index + m[0].length;
    if (endsSentence(text, m[1], start, end)) cuts.push(end);
  }
  // A full stop glued to the next sentence: "the year.The next" (lower-case word, then a capitalised word).
  for (const g of text.matchAll(/(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll}+\s)/gu)) cuts.push((g.index ?? 0) + 1);
  // Chinese and Japanese full stops end a sentence with no space after them.
  for (const g of text.matchAll(/[。！？]+(?=.)/gu)) cuts.push((g.index ?? 0) + g[0].length);
  cuts.sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    if (cut <= from) continue;
    const piece = text.slice(from, cut);
    const trimmed = piece.trim();
    if (trimmed) out.push(trimmed);
    from = cut;
  }
}
