/**
 * Article dates in the stream: the day an article counts as (its own date, else the day it was
 * first seen), and the rule for dates in the future (beyond now + 1 day: treated as today,
 * with a warning, so a typo cannot pin an article to the top of every issue for years).
 */
import type { Source } from '../types.ts';

/** One day in milliseconds (the stream counts in UTC days). */
export const DAY_MS = 86_400_000;

/** The day (YYYY-MM-DD) an article counts as in windows: its date, else when it was first seen. */
export function articleDay(source: Pick<Source, 'date' | 'firstSeen'>): string | null {
  return source.date ?? source.firstSeen?.slice(0, 10) ?? null;
}

/**
 * An article's date as the stream keeps it.
 * @returns the date, and a warning when a future date was replaced by today
 */
export function settleDate(date: string | null, now: Date): { date: string | null; warning: string | null } {
  if (!date) return { date, warning: null };
  const latest = new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10);
  if (date <= latest) return { date, warning: null };
  const today = now.toISOString().slice(0, 10);
  return { date: today, warning: `dated ${date}, in the future; treated as dated ${today}` };
}

/** Whole days from an article's day to the anchor (0 for the same day or later). */
export function ageInDays(day: string, anchor: Date): number {
  return Math.max(0, Math.floor((anchor.getTime() - Date.parse(`${day}T00:00:00Z`)) / DAY_MS));
}
