/**
 * Footnotes: markers glued to words ("race.31 For", "said.”43") are removed from the prose
 * and kept as citations; a notes section at the end of an article (after a rule line or a
 * "Notes" heading, or a trailing run of numbered notes) is parsed into citations and never
 * becomes passages.
 */
import type { Block } from './blocks.ts';

/**
 * A marker is 1-3 digits right after sentence punctuation or a closing quote or bracket (no
 * space), followed by a space and a capital letter or quote, or by the end of the text. The
 * punctuation may also follow a year ("in 2005.11 At first"): a year never takes a decimal
 * part that runs on into a new sentence.
 */
const GLUED_MARKER = /(?<=(?:[\p{L})\]%][.!?,;:]|["'”’][.!?,;:]|[.!?,;:]?["'”’]|[.!?,;:][)\]]|(?<![\d.,])(?:1[5-9]|20)\d\d[.,;:]))(\d{1,3})(?=\s+["'“‘(\p{Lu}]|\s*$)/gu;

/** A leading marker left at the start of a paragraph: "8 As in other sectors...". */
const LEADING_MARKER = /^(\d{1,3}) (?=(As|The|In|It|Its|This|That|These|Those|However|But|And|A|An|For|On|At|By|With|While|When|According|Although|Moreover|Furthermore|Since|If|Despite|After|Before|During|Such|Some|Many|Most|Several|Both|Its|They|He|She|We|Our|Their)\b)/;

/**
 * Removes footnote markers glued to words.
 * @returns the cleaned text and the marker numbers in order of appearance
 */
export function stripFootnoteMarkers(text: string): { text: string; markers: string[] } {
  const markers: string[] = [];
  let out = text.replace(GLUED_MARKER, (m) => {
    markers.push(m);
    return '';
  });
  out = out.replace(LEADING_MARKER, (_m, n: string) => {
    markers.push(n);
    return '';
  });
  return { text: out, markers };
}

const RULE_LINE = /^[_\-=*—–~·•]{3,}$/;
const NOTES_HEADING = /^(notes?|references|footnotes|endnotes|sources|bibliography|citations|works cited)\s*:?$/i;
const NOTE_START = /^(\d{1,3})\s?(?=\S)(.*)$/s;
const IBID = /^(ibid|op\. ?cit|id\.)/i;

function isNoteLike(text: string): boolean {
  return NOTE_START.test(text) || IBID.test(text);
}

/** The notes section of an article: where it is and the notes by number. */
export interface NotesSection {
  start: number;
  end: number;
  notes: Map<string, string>;
}

/**
 * Finds a notes section among the blocks.
 * @returns block range [start, end) covering separator/heading and notes, or null
 */
export function findNotesSection(blocks: Block[]): NotesSection | null {
  for (let i = 0; i < blocks.length; i++) {
    const t = blocks[i].text;
    if (!(RULE_LINE.test(t) || (NOTES_HEADING.test(t) && blocks[i].kind === 'heading'))) continue;
    const after = blocks.slice(i + 1);
    if (after.length < 2) continue;
    let end = i + 1;
    let noteLike = 0;
    for (let j = i + 1; j < blocks.length; j++) {
      if (isNoteLike(blocks[j].text)) {
        noteLike++;
        end = j + 1;
      } else if (RULE_LINE.test(blocks[j].text) && end === j) {
        end = j + 1;
      } else if (j - end > 1) break;
    }
    if (noteLike >= 2 && noteLike >= (end - i - 1) * 0.6) return { start: i, end, notes: parseNotes(blocks.slice(i + 1, end)) };
  }
  // No separator: a trailing run of at least three blocks numbered 1, 2, 3...
  let j = blocks.length - 1;
  while (j >= 0 && !isNoteLike(blocks[j].text)) j--;
  const end = j + 1;
  while (j >= 0 && isNoteLike(blocks[j].text)) j--;
  const start = j + 1;
  const run = blocks.slice(start, end);
  const first = run[0] && NOTE_START.exec(run[0].text);
  if (run.length >= 3 && first && first[1] === '1' && end >= blocks.length - 2) {
    return { start, end, notes: parseNotes(run) };
  }
  return null;
}

function parseNotes(blocks: Block[]): Map<string, string> {
  const notes = new Map<string, string>();
  for (const b of blocks) {
    const m = NOTE_START.exec(b.text);
    if (m) notes.set(m[1], m[2].trim());
  }
  return notes;
}
