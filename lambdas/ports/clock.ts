/** Clock port: the current time, injectable so tests control periods, leases and expiry. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (NEWSLETTER_NOW, tests). */
export function fixedClock(at: Date): Clock {
  const ms = at.getTime();
  return { now: () => new Date(ms) };
}
