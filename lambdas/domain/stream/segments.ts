/**
 * Index segments: the corpus index is cut by the ISO week of each article's day, so a build
 * loads only the weeks its window reaches and an ingest rewrites only the weeks it touched.
 * Undated articles without a first-seen day go to one `undated` segment, loaded by `all`
 * windows only.
 */

const DAY_MS = 86_400_000;
export const UNDATED_SEGMENT = 'undated';

/** The ISO week (`2026-W22`) of a day (YYYY-MM-DD), or the undated segment. */
export function segmentOf(day: string | null): string {
  if (!day) return UNDATED_SEGMENT;
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The last day (Sunday, YYYY-MM-DD) of an ISO-week segment. */
export function segmentEnd(segment: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(segment);
  if (!m) return null;
  const jan4 = Date.UTC(Number(m[1]), 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(mondayOfWeek1 + ((Number(m[2]) - 1) * 7 + 6) * DAY_MS).toISOString().slice(0, 10);
}

/** Whether a build whose window starts on `since` (null: all) needs a segment. */
export function segmentReaches(segment: string, since: string | null): boolean {
  if (since === null) return true;
  const end = segmentEnd(segment);
  return end !== null && end >= since;
}
