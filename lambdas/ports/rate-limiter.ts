/** RateLimiter port: counts hits per key in fixed windows, to slow down abuse of the public API. */
export interface RateLimiter {
  /** Records a hit; returns false when the key is over `limit` hits in the current window. */
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean>;
}
