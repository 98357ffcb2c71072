import { SubscribeLimiter } from './subscribe-limiter.util';

const limits = { burst: 3, perSecond: 2, abuseLimit: 10, abuseWindowMs: 10_000 };

describe('subscribe limiter', () => {
  it('runs a burst at once, then defers until tokens refill at the rate', () => {
    const l = new SubscribeLimiter(limits, 0);
    expect([l.request(0), l.request(0), l.request(0)]).toEqual(['now', 'now', 'now']);
    expect(l.request(0)).toBe('later');
    expect(l.waitMs(0)).toBe(500);
    expect(l.take(250)).toBe(false);
    expect(l.take(500)).toBe(true);
    expect(l.request(600)).toBe('later');
    expect(l.request(1000)).toBe('now');
  });

  it('calls a socket abusive beyond the limit within the window, and forgets it afterwards', () => {
    const l = new SubscribeLimiter(limits, 0);
    const verdicts = Array.from({ length: 11 }, () => l.request(100));
    expect(verdicts.slice(0, 10)).not.toContain('abuse');
    expect(verdicts[10]).toBe('abuse');
    expect(l.request(10_100)).toBe('now');
  });
});
