/** In-memory fixed-window RateLimiter. */
import type { RateLimiter } from '../../ports/rate-limiter.ts';

export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, number>();

  async hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<boolean> {
    const window = Math.floor(now.getTime() / 1000 / windowSeconds);
    const k = `${key}#${window}`;
    const n = (this.counts.get(k) ?? 0) + 1;
    this.counts.set(k, n);
    return n <= limit;
  }
}
