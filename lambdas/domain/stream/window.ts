/**
 * Time windows of themes: which articles an issue may quote, counted back from the issue's
 * period. A window is `all`, `Nd` (days) or an ISO 8601 duration (`P2W`, `P1M`, `P1DT12H`;
 * a month counts 30 days and a year 365). A scheduled theme without one gets its schedule's
 * period plus one day, so nothing falls between two issues; a theme without a schedule, all.
 */
import { cronOccurrence, parseCron } from '../schedule/cron.ts';
import { DAY_MS } from './article-date.ts';
const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_MS = [365 * DAY_MS, 30 * DAY_MS, 7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1000];
const RATE_UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: DAY_MS };
/** The longest window accepted: ten years. */
const MAX_WINDOW_MS = 3650 * DAY_MS;
/** Occurrences looked at to find a cron schedule's longest gap (covers a year of monthly issues). */
const CRON_SAMPLES = 14;
/** A fixed start for measuring schedule gaps, so a theme's default window never depends on today. */
const GAP_REFERENCE = new Date('2026-01-01T00:00:00Z');

/** A theme's window: every article, or those dated within `ms` before the issue. */
export type ThemeWindow = { kind: 'all' } | { kind: 'duration'; ms: number; text: string };

export const ALL_TIME: ThemeWindow = Object.freeze({ kind: 'all' });

/**
 * Parses a window as written in themes.yaml.
 * @returns the window, or an error message naming the accepted forms
 */
export function parseWindow(raw: string): ThemeWindow | { error: string } {
  const text = raw.trim();
  if (text === 'all') return ALL_TIME;
  const days = /^(\d+)d$/.exec(text);
  const iso = days ? null : ISO_DURATION.exec(text);
  const ms = days ? Number(days[1]) * DAY_MS : iso && text !== 'P' && !text.endsWith('T') ? iso.slice(1).reduce((sum, n, i) => sum + Number(n ?? 0) * UNIT_MS[i], 0) : NaN;
  if (!Number.isFinite(ms)) return { error: `window '${text}' is not 'all', a number of days like 7d, or an ISO 8601 duration like P2W` };
  if (ms < DAY_MS || ms > MAX_WINDOW_MS) return { error: `window '${text}' must be between 1 day and 10 years` };
  return { kind: 'duration', ms, text };
}

/** The longest gap between consecutive occurrences of a cron schedule, in ms. */
function longestCronGap(schedule: string, timeZone: string): number | null {
  const fields = parseCron(schedule);
  let at = cronOccurrence(fields, timeZone, GAP_REFERENCE, 1);
  let gap = 0;
  for (let i = 0; at && i < CRON_SAMPLES; i++) {
    const next = cronOccurrence(fields, timeZone, at, 1);
    if (!next) break;
    gap = Math.max(gap, next.getTime() - at.getTime());
    at = next;
  }
  return gap || null;
}

/** The period of a schedule expression in ms, or null for one-off (`at(...)`) schedules. */
export function schedulePeriodMs(schedule: string, timeZone: string): number | null {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(schedule);
  if (rate) return Number(rate[1]) * RATE_UNIT_MS[rate[2]];
  if (schedule.startsWith('cron(')) return longestCronGap(schedule, timeZone);
  return null;
}

/** The window a theme gets when themes.yaml sets none: its schedule's period plus one day, else all. */
export function defaultWindow(schedule: string | undefined, timeZone: string): ThemeWindow {
  const period = schedule ? schedulePeriodMs(schedule, timeZone) : null;
  if (period === null) return ALL_TIME;
  const ms = period + DAY_MS;
  return { kind: 'duration', ms, text: `${Math.ceil(ms / DAY_MS)}d` };
}

/** The whole days a window spans (rounded up), or null for all. */
export function windowDays(window: ThemeWindow | undefined): number | null {
  return window?.kind === 'duration' ? Math.ceil(window.ms / DAY_MS) : null;
}

/**
 * The last day (YYYY-MM-DD, UTC) an article may be dated to be a candidate of an issue
 * anchored at `anchor` (the next day: a date a little ahead of the clock is still news), or
 * null when the window is all.
 */
export function windowEnd(window: ThemeWindow | undefined, anchor: Date): string | null {
  if (!window || window.kind === 'all') return null;
  return new Date(anchor.getTime() + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The first day (YYYY-MM-DD, UTC) an article may be dated to be a candidate of an issue
 * anchored at `anchor`, or null when the window is all.
 */
export function windowStart(window: ThemeWindow | undefined, anchor: Date): string | null {
  if (!window || window.kind === 'all') return null;
  return new Date(anchor.getTime() - window.ms).toISOString().slice(0, 10);
}
