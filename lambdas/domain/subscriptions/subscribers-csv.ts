/**
 * The subscribers CSV (`email,themes,status`, themes joined by `;`, status pending|active;
 * an empty status means pending): parsing with every row validated, each bad row reported
 * with its line number, and writing. Written cells that a spreadsheet would run as a formula
 * (leading = + - @ tab CR) carry a leading `'` (OWASP CSV injection), which parsing removes
 * again, so an export imports back unchanged.
 */
import { emailProblem, FORMULA_START, normalizeEmail } from './email-address.ts';

export interface CsvRow {
  line: number;
  email: string;
  themes: string[];
  status: 'pending' | 'active';
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/**
 * Parses and validates the whole file.
 * @param knownThemes valid theme ids
 * @returns the rows, or the problems (line: message) when any row is bad
 */
export function parseSubscribersCsv(text: string, knownThemes: string[]): { rows: CsvRow[]; problems: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.toLowerCase());
  if (header.join(',') !== 'email,themes,status') return { rows: [], problems: [`line 1: the header must be email,themes,status (got '${lines[0] ?? ''}')`] };
  const rows: CsvRow[] = [];
  const seen = new Set<string>();
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim()) return;
    const [email = '', themes = '', status = ''] = splitCsvLine(raw).map(unneutralize);
    const problem = emailProblem(email);
    if (problem) return problems.push(`line ${line}: ${problem}`);
    const ids = themes.split(';').map((t) => t.trim()).filter(Boolean);
    if (!ids.length) return problems.push(`line ${line}: no theme`);
    const unknown = ids.find((t) => !knownThemes.includes(t));
    if (unknown) return problems.push(`line ${line}: unknown theme '${unknown}'`);
    const st = status.toLowerCase() || 'pending';
    if (st !== 'pending' && st !== 'active') return problems.push(`line ${line}: status must be pending, active or empty, got '${status}'`);
    const e = normalizeEmail(email);
    if (seen.has(e)) return problems.push(`line ${line}: ${e} appears twice`);
    seen.add(e);
    rows.push({ line, email: e, themes: ids, status: st });
  });
  return { rows, problems };
}

/** A cell a spreadsheet would not run: a leading `'` before a formula character (and before a leading `'`, so the mark is never ambiguous). */
export function neutralize(cell: string): string {
  return FORMULA_START.test(cell) || /^'/.test(cell) ? `'${cell}` : cell;
}

/** The cell as it was before neutralize(). */
export function unneutralize(cell: string): string {
  return /^'[=+\-@\t\r']/.test(cell) ? cell.slice(1) : cell;
}

/** Writes rows as CSV with the header. */
export function formatSubscribersCsv(rows: { email: string; themes: string[]; status: string }[]): string {
  const cell = (raw: string) => {
    const s = neutralize(raw);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return ['email,themes,status', ...rows.map((r) => [cell(r.email), cell(r.themes.join(';')), cell(r.status)].join(','))].join('\n') + '\n';
}
