/**
 * Per-socket limit on subscribe requests. Every subscribe costs the server a snapshot and possibly a
 * replay from the database, so one socket repeating it is an amplifier. A token bucket decides what runs
 * now (`burst` at once, then `perSecond`); a request over it is not refused but deferred — the latest
 * wins, so a console that changes its view quickly still ends on its last request. A socket that sends
 * more than `abuseLimit` requests within `abuseWindowMs` is not a console: the caller cuts it.
 */
export type LimitVerdict = 'now' | 'later' | 'abuse';

export interface SubscribeLimits {
  burst: number;
  perSecond: number;
  abuseLimit: number;
  abuseWindowMs: number;
}

/** A console subscribes on connect, on resync and when its view changes: far below these. */
export const SUBSCRIBE_LIMITS: SubscribeLimits = {
  burst: 5,
  perSecond: 2,
  abuseLimit: 60,
  abuseWindowMs: 10_000,
};

export class SubscribeLimiter {
  private tokens: number;
  private last: number;
  private windowStart: number;
  private inWindow = 0;

  constructor(
    private readonly l: SubscribeLimits = SUBSCRIBE_LIMITS,
    now = Date.now(),
  ) {
    this.tokens = l.burst;
    this.last = now;
    this.windowStart = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.l.burst, this.tokens + ((now - this.last) / 1000) * this.l.perSecond);
    this.last = now;
  }

  /** One incoming request. */
  request(now = Date.now()): LimitVerdict {
    if (now - this.windowStart >= this.l.abuseWindowMs) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (++this.inWindow > this.l.abuseLimit) return 'abuse';
    return this.take(now) ? 'now' : 'later';
  }

  /** Takes a token if one is there (a deferred request runs when this says yes). */
  take(now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** How long until a token is there. */
  waitMs(now = Date.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.l.perSecond) * 1000);
  }
}
