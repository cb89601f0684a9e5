/**
 * Index segments: the corpus index is cut by the day of each article (its date, else when it
 * was first seen), so a build loads exactly the days its window reaches and an ingest
 * rewrites only the days it touched. Sketch tables, which only an ingest reads, are grouped
 * by ISO week instead (fewer, larger tables to look a new article up in). Articles without a
 * day go to one `undated` segment, loaded by `all` windows only.
 */
import { DAY_MS } from './article-date.ts';

export const UNDATED_SEGMENT = 'undated';

/** The data segment of a day (YYYY-MM-DD): the day itself, or the undated segment. */
export function segmentOf(day: string | null): string {
  return day ?? UNDATED_SEGMENT;
}

/** The ISO week (`2026-W22`) of a segment's day, which names its sketch table; undated stays undated. */
export function sketchGroupOf(segment: string): string {
  if (segment === UNDATED_SEGMENT) return UNDATED_SEGMENT;
  const d = new Date(`${segment}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Whether a build whose window starts on `since` (null: all) needs a segment. */
export function segmentReaches(segment: string, since: string | null): boolean {
  if (since === null) return true;
  return segment !== UNDATED_SEGMENT && segment >= since;
}
