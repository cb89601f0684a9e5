/** Clock port: the current time, injectable so tests control periods, leases and expiry. */
export interface Clock {
  now(): Date;
}

/** The real clock. */
export const systemClock: Clock = { now: () => new Date() };
