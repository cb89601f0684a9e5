/**
 * EventBridge Scheduler expressions: `cron(min hour day-of-month month day-of-week year)`,
 * `rate(N unit)` and `at(...)`. Parses cron fields (numbers, lists, ranges, steps, `*`, `?`,
 * month and weekday names) and finds the next occurrence in a time zone.
 */

export interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number> | null;
  months: Set<number>;
  weekdays: Set<number> | null;
  years: Set<number> | null;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function field(raw: string, min: number, max: number, names?: string[], offset = 0): Set<number> | null {
  if (raw === '?') return null;
  const out = new Set<number>();
  const value = (v: string) => {
    const i = names ? names.indexOf(v.toUpperCase()) : -1;
    const n = i >= 0 ? i + 1 : Number(v);
    if (!Number.isInteger(n)) throw new Error(`'${v}' is not a valid cron value`);
    return n;
  };
  for (const part of raw.split(',')) {
    const [range, stepRaw] = part.split('/');
    const step = stepRaw ? Number(stepRaw) : 1;
    let lo: number;
    let hi: number;
    if (range === '*') [lo, hi] = [min, max];
    else if (range.includes('-')) [lo, hi] = range.split('-').map(value) as [number, number];
    else [lo, hi] = [value(range), stepRaw ? max : value(range)];
    for (let v = lo; v <= hi; v += step) out.add(v - offset);
  }
  return out;
}

/**
 * Parses the six fields of an EventBridge cron expression.
 * @throws Error naming the bad value
 */
export function parseCron(expr: string): CronFields {
  const m = /^cron\((.+)\)$/.exec(expr.trim());
  if (!m) throw new Error(`not a cron expression: ${expr}`);
  const parts = m[1].trim().split(/\s+/);
  if (parts.length !== 6) throw new Error('a cron expression has six fields');
  const [mi, h, dom, mon, dow, yr] = parts;
  return {
    minutes: field(mi, 0, 59)!,
    hours: field(h, 0, 23)!,
    days: field(dom, 1, 31),
    months: field(mon, 1, 12, MONTHS)!,
    // EventBridge weekdays are 1-7 (SUN-SAT); stored as 0-6 like Date.getDay().
    weekdays: dow === '*' ? null : field(dow, 1, 7, DAYS, 1),
    years: yr === '*' ? null : field(yr, 1970, 2199),
  };
}

/** Wall-clock parts of an instant in a time zone. */
export function zonedParts(date: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; wd: number } {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, wd: DAYS.indexOf(String(p.weekday).toUpperCase().slice(0, 3)) };
}

/** The instant at a wall-clock time in a time zone. */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): Date {
  let guess = Date.UTC(y, mo - 1, d, h, mi);
  for (let i = 0; i < 3; i++) {
    const p = zonedParts(new Date(guess), timeZone);
    const diff = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi) - Date.UTC(y, mo - 1, d, h, mi);
    if (!diff) break;
    guess -= diff;
  }
  return new Date(guess);
}

/**
 * The first occurrence strictly after `after` (or at/before it when `direction` is -1).
 * @returns the instant, or null within ~2 years
 */
export function cronOccurrence(fields: CronFields, timeZone: string, after: Date, direction: 1 | -1 = 1): Date | null {
  const start = zonedParts(after, timeZone);
  const hours = [...fields.hours].sort((a, b) => a - b);
  const minutes = [...fields.minutes].sort((a, b) => a - b);
  const day0 = Date.UTC(start.y, start.mo - 1, start.d);
  for (let k = 0; k <= 800; k++) {
    const day = new Date(day0 + direction * k * 86_400_000);
    const [y, mo, d, wd] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), day.getUTCDay()];
    if (!fields.months.has(mo) || (fields.years && !fields.years.has(y))) continue;
    if (fields.days && !fields.days.has(d)) continue;
    if (fields.weekdays && !fields.weekdays.has(wd)) continue;
    const times = hours.flatMap((h) => minutes.map((mi) => [h, mi] as const));
    for (const [h, mi] of direction === 1 ? times : [...times].reverse()) {
      const t = zonedTime(y, mo, d, h, mi, timeZone);
      if (direction === 1 ? t > after : t <= after) return t;
    }
  }
  return null;
}
