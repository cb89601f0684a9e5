/**
 * Issue periods: the schedule occurrence an issue belongs to. For a cron schedule, the
 * latest occurrence at or before now (its local date, with the time when the schedule runs
 * more than once a day); for rate() schedules and themes without one, the day in the
 * theme's time zone.
 */
import type { Theme } from '../types.ts';
import { cronOccurrence, parseCron, zonedParts } from './cron.ts';

const pad = (n: number) => String(n).padStart(2, '0');

function label(date: Date, timeZone: string, withTime: boolean): string {
  const p = zonedParts(date, timeZone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}${withTime ? `T${pad(p.h)}${pad(p.mi)}` : ''}`;
}

function cronOf(theme: Theme) {
  if (!theme.schedule?.startsWith('cron(')) return null;
  const fields = parseCron(theme.schedule);
  return { fields, multiPerDay: fields.hours.size * fields.minutes.size > 1 };
}

/** The period an on-demand or scheduled issue built now belongs to. */
export function currentPeriod(theme: Theme, now: Date): string {
  const cron = cronOf(theme);
  if (!cron) return label(now, theme.timezone, false);
  const at = cronOccurrence(cron.fields, theme.timezone, now, -1) ?? now;
  return label(at, theme.timezone, cron.multiPerDay);
}

/** The next scheduled issue: its instant and period (null instant for on-demand themes). */
export function nextPeriod(theme: Theme, now: Date): { at: Date | null; period: string } {
  const cron = cronOf(theme);
  if (!cron) return { at: null, period: label(new Date(now.getTime() + 86_400_000), theme.timezone, false) };
  const at = cronOccurrence(cron.fields, theme.timezone, now, 1);
  return { at, period: at ? label(at, theme.timezone, cron.multiPerDay) : label(now, theme.timezone, false) };
}

/**
 * The period the editor works on: for a scheduled theme, the schedule's next issue (the one
 * the preview shows, approve freezes and an on-demand send sends early); for a theme
 * without a schedule, today's. The scheduled run itself uses currentPeriod (the occurrence
 * that just fired), which is then that same period.
 */
export function upcomingPeriod(theme: Theme, now: Date): string {
  return cronOf(theme) ? nextPeriod(theme, now).period : currentPeriod(theme, now);
}
