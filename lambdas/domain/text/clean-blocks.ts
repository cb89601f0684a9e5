/**
 * Block cleaning: applies the boilerplate rules to an article's blocks in order: trailing
 * comments/sidebar sections, the notes section (kept as citations), metadata lines,
 * boilerplate lines, blocks repeated within the document, pull quotes, glued footnote
 * markers, a site label before a paragraph's text, and trailing fragments. Every removal is
 * recorded with its reason.
 */
import type { Block } from './blocks.ts';
import { ALL_CLEANING, type CleaningRules } from './extraction/extraction-policy.ts';
import { boilerplateReason, opensTrailingSection } from './boilerplate-rules.ts';
import { findNotesSection, stripFootnoteMarkers } from './footnotes.ts';
import { leadingSiteLabel } from './site-label.ts';
import { comparableForm, wordCount } from './normalize.ts';

/** A block that survived cleaning, with the citations of its footnote markers. */
export interface CleanBlock extends Block {
  citations: string[];
}

export interface CleanResult {
  blocks: CleanBlock[];
  notes: string[];
  dropped: { text: string; reason: string }[];
}

/** Words of at least three letters, for containment tests. */
function contentWords(text: string): Set<string> {
  return new Set(comparableForm(text).split(' ').filter((w) => w.length >= 3));
}

function containedShare(small: Set<string>, big: Set<string>): number {
  if (!small.size) return 0;
  let hit = 0;
  for (const w of small) if (big.has(w)) hit++;
  return hit / small.size;
}

/**
 * A few lower-case words closed by a full stop between two sentences ("...equipment.
 * became. However...", "...compromised. cannot be determined."): residue of machine
 * translation or extraction, not prose. Abbreviations before the stop (e.g., etc.) are left,
 * and so is an attribution after a closing quote ('"Step out." an officer ordered.').
 */
const RESIDUE = /(?<=(?<![.\w])(?!(?:etc|vs|al|approx|incl|cf|eg|ie)\.)[A-Za-z]{3,}[.!?][)\]]?)\s+([a-z][a-z' -]{0,40}?[.!?])(?=\s+["'(\p{Lu}]|\s*$)/gu;

/** Removes sentence residue; returns the text and what was removed. */
export function dropSentenceResidue(text: string): { text: string; dropped: string[] } {
  const dropped: string[] = [];
  const out = text.replace(RESIDUE, (m: string, frag: string) => {
    if (wordCount(frag) > 4) return m;
    dropped.push(frag);
    return '';
  });
  return { text: out, dropped };
}

/** Longest pull quote, in words. */
const PULL_QUOTE_MAX_WORDS = 40;
/** Shortest pull quote, in words: a shorter block is a label (a product name, a subheading). */
const PULL_QUOTE_MIN_WORDS = 5;

/**
 * Cleans an article's blocks.
 * @param blocks blocks from a format reader, in order
 * @param consumed indexes already used as metadata (title, date line, byline)
 * @param rules the steps to run (all of them unless the extraction policy says otherwise)
 */
export function cleanBlocks(blocks: Block[], consumed: Set<number>, rules: CleaningRules = ALL_CLEANING): CleanResult {
  const dropped: CleanResult['dropped'] = [];
  let working = blocks.map((b, i) => ({ ...b, index: i }));

  // 1. A comments or sidebar section, once the article body has begun, runs to the end.
  let seenBody = false;
  for (let i = 0; rules.trailingSections && i < working.length; i++) {
    const b = working[i];
    if (b.kind !== 'heading' && wordCount(b.text) >= 30) seenBody = true;
    const section = seenBody ? opensTrailingSection(b.text) : null;
    if (section) {
      let current: string = section;
      for (const rest of working.slice(i)) {
        current = opensTrailingSection(rest.text) ?? current;
        dropped.push({ text: rest.text, reason: current === 'comments' ? 'comments section' : 'sidebar section ("latest"/"related" list)' });
      }
      working = working.slice(0, i);
      break;
    }
  }

  // 2. Notes section: parsed into citations, never passages.
  const notesSection = rules.notesSection ? findNotesSection(working) : null;
  const notes = new Map<string, string>();
  if (notesSection) {
    for (const [n, t] of notesSection.notes) notes.set(n, t);
    for (const b of working.slice(notesSection.start, notesSection.end)) dropped.push({ text: b.text, reason: 'notes section (kept as citations)' });
    working = [...working.slice(0, notesSection.start), ...working.slice(notesSection.end)];
  }

  // 3. Metadata lines and boilerplate rules (those the policy keeps).
  const offLines = new Set(rules.boilerplateOff);
  working = working.filter((b) => {
    if (consumed.has(b.index)) return false;
    if (/^[_\-=*—–~·•]{3,}$/.test(b.text)) return false;
    const reason = boilerplateReason(b.text, offLines);
    if (reason) dropped.push({ text: b.text, reason });
    return !reason;
  });

  // 4. Blocks repeated within the document (a doubled sidebar, an echoed caption).
  const keys = new Map(working.map((b) => [b, comparableForm(b.text)]));
  const counts = new Map<string, number>();
  for (const key of keys.values()) counts.set(key, (counts.get(key) ?? 0) + 1);
  const seenHeading = new Set<string>();
  working = working.filter((b) => {
    const key = keys.get(b)!;
    if (!rules.repeatedBlocks || (counts.get(key) ?? 0) < 2) return true;
    if (b.kind === 'heading' && !seenHeading.has(key)) {
      seenHeading.add(key);
      return true;
    }
    dropped.push({ text: b.text, reason: 'block repeated within the document' });
    return false;
  });

  // 5. Pull quotes: a short block whose words all stand in a longer paragraph of the article.
  const bodies = working.filter((b) => b.kind !== 'heading').map((b) => ({ b, n: wordCount(b.text), words: null as Set<string> | null }));
  const wordsOf = (o: (typeof bodies)[number]) => (o.words ??= contentWords(o.b.text));
  working = working.filter((b) => {
    if (b.kind === 'heading' || b.kind === 'item' || !rules.pullQuotes) return true;
    const n = wordCount(b.text);
    // A pull quote is a sentence taken from the article, not a label of a few words.
    if (n > PULL_QUOTE_MAX_WORDS || n < PULL_QUOTE_MIN_WORDS) return true;
    const words = contentWords(b.text);
    const host = bodies.find((o) => o.b !== b && o.n > n * 1.5 && containedShare(words, wordsOf(o)) >= 0.8);
    if (host) dropped.push({ text: b.text, reason: 'pull quote (repeats a sentence of the article)' });
    return !host;
  });

  // 6. Footnote markers, site labels and trailing fragments.
  const out: CleanBlock[] = [];
  for (const b of working) {
    if (b.kind === 'heading') {
      out.push({ kind: b.kind, text: b.text, citations: [] });
      continue;
    }
    const { text: unmarked, markers } = stripFootnoteMarkers(b.text);
    let text = unmarked;
    const label = leadingSiteLabel(text);
    if (label) {
      dropped.push({ text: label.trim(), reason: 'site label before the text' });
      text = text.slice(label.length);
    }
    const fragment = rules.trailingFragments ? /(?<=[.!?]["')\]]?)\s+([^.!?]{1,60})$/.exec(text) : null;
    if (fragment && wordCount(fragment[1]) <= 8 && wordCount(text) > 30 && !/["')\]:]$/.test(fragment[1])) {
      dropped.push({ text: fragment[1], reason: 'trailing fragment without sentence punctuation' });
      text = text.slice(0, fragment.index);
    }
    const residue = rules.sentenceResidue ? dropSentenceResidue(text) : { text, dropped: [] };
    for (const r of residue.dropped) dropped.push({ text: r, reason: 'sentence fragment (translation or extraction residue)' });
    text = residue.text;
    const citations = markers.map((m) => (notes.has(m) ? `${m} ${notes.get(m)}` : `[${m}]`));
    out.push({ kind: b.kind, text, citations });
  }
  return { blocks: out, notes: [...notes].map(([n, t]) => `${n} ${t}`), dropped };
}
