/**
 * Date parsing for metadata inference: finds a calendar date in common written forms
 * ("July 1, 2020", "Monday, December 30, 2024", "1 July 2020", "2023/01/29", ISO) and
 * returns it as YYYY-MM-DD.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';

function iso(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
}

const PATTERNS: { re: RegExp; pick: (m: RegExpExecArray) => string | null }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b/, pick: (m) => iso(+m[1], +m[2], +m[3]) },
  { re: /\b(\d{4})\/(\d{1,2})\/(\d{1,2})\b/, pick: (m) => iso(+m[1], +m[2], +m[3]) },
  { re: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i'), pick: (m) => iso(+m[3], MONTHS[m[1].slice(0, 3).toLowerCase()], +m[2]) },
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, 'i'), pick: (m) => iso(+m[3], MONTHS[m[2].slice(0, 3).toLowerCase()], +m[1]) },
  { re: /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/, pick: (m) => iso(+m[3], +m[2], +m[1]) },
];

/**
 * Finds the first date in a text.
 * @returns ISO date (YYYY-MM-DD) or null
 */
export function findDate(text: string): string | null {
  for (const { re, pick } of PATTERNS) {
    const m = re.exec(text);
    if (m) {
      const d = pick(m);
      if (d) return d;
    }
  }
  return null;
}

const WEEKDAY = /^(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\.?,?\s*/i;

/**
 * Whether a whole line is just a date (optionally with a weekday, "Published", "Updated").
 * @returns the ISO date or null
 */
export function lineIsDate(text: string): string | null {
  const t = text.replace(/^(published|posted|updated|date|last updated)( on)?\s*:?\s*/i, '').replace(WEEKDAY, '').trim();
  const d = findDate(t);
  if (!d) return null;
  // Allow a trailing time ("10:30 GMT") but not a sentence around the date.
  const rest = t.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?/, ' ').replace(/[\d\s,./:-]+|(a\.?m\.?|p\.?m\.?|gmt|utc|bst|cet|est|pst)\b/gi, ' ').replace(new RegExp(MONTH, 'ig'), ' ').replace(/(st|nd|rd|th|of)\b/gi, ' ').trim();
  return rest.length === 0 ? d : null;
}
