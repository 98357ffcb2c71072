import { INITIAL_LIVE_FEED, advanceSeq, nextLiveFeedState } from './live-feed.status';

describe('live feed state', () => {
  it('reports nothing after a first subscribe and the replayed count after a resume', () => {
    const first = nextLiveFeedState(INITIAL_LIVE_FEED, {
      type: 'subscribed',
      resumed: false,
      info: { replayed: 0, reload: false },
    });
    expect(first).toEqual({ replayed: null, reloaded: false, resyncing: false });
    const resumed = nextLiveFeedState(first, {
      type: 'subscribed',
      resumed: true,
      info: { replayed: 42, reload: false },
    });
    expect(resumed).toEqual({ replayed: 42, reloaded: false, resyncing: false });
  });

  it('says reloaded when the gap was beyond the bound, and resyncing until the next subscribe', () => {
    const reloaded = nextLiveFeedState(INITIAL_LIVE_FEED, {
      type: 'subscribed',
      resumed: true,
      info: { replayed: 0, reload: true },
    });
    expect(reloaded).toEqual({ replayed: 0, reloaded: true, resyncing: false });
    const resync = nextLiveFeedState(reloaded, { type: 'resync' });
    expect(resync.resyncing).toBe(true);
    expect(
      nextLiveFeedState(resync, { type: 'subscribed', resumed: true, info: { replayed: 3, reload: false } }),
    ).toEqual({ replayed: 3, reloaded: false, resyncing: false });
  });

  it('keeps the highest seq seen', () => {
    expect(advanceSeq(null, 5)).toBe(5);
    expect(advanceSeq(5, 3)).toBe(5);
    expect(advanceSeq(5, 9)).toBe(9);
    expect(advanceSeq(5, undefined)).toBe(5);
  });
});
