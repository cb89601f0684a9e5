/**
 * Recency inside a window: a mild preference for newer articles among equally relevant ones.
 * A passage's weight in the selection order is multiplied by 1 + RECENCY_WEIGHT x freshness,
 * where freshness falls linearly from 1 (dated the day) to 0 (the window's first day).
 * At 0.1 a passage must be within about a tenth in relevance of an older one for its date to
 * decide; the relevance cut itself never moves. Themes with window `all` get no preference.
 */
import { ageInDays } from './article-date.ts';

export const RECENCY_WEIGHT = 0.1;

/** The factor, and the age it came from, for an article's day in a window of `windowDays`. */
export function recencyBoost(day: string | null, anchor: Date, windowDays: number | null): { factor: number; ageDays: number | null } {
  if (windowDays === null || !day) return { factor: 1, ageDays: null };
  const ageDays = ageInDays(day, anchor);
  const freshness = 1 - Math.min(ageDays, windowDays) / windowDays;
  return { factor: 1 + RECENCY_WEIGHT * freshness, ageDays };
}
