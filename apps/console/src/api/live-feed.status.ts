import type { LiveSubscribed } from '@ioc/contracts/live.events';

/**
 * What the live feed tells the operator beyond "connected": how the last (re)subscribe went.
 * `replayed` is null until a reconnect has resumed by seq (a first subscribe replays nothing to report).
 */
export interface LiveFeedState {
  /** Events replayed by the last resume (null: no resume yet). */
  replayed: number | null;
  /** The last resume was beyond the server's bound: the snapshot was reloaded instead. */
  reloaded: boolean;
  /** The server stopped live delivery (client too slow); a resubscribe is under way. */
  resyncing: boolean;
}

export type LiveFeedEvent =
  | { type: 'subscribed'; resumed: boolean; info: Pick<LiveSubscribed, 'replayed' | 'reload'> }
  | { type: 'resync' };

export const INITIAL_LIVE_FEED: LiveFeedState = { replayed: null, reloaded: false, resyncing: false };

export function nextLiveFeedState(s: LiveFeedState, e: LiveFeedEvent): LiveFeedState {
  switch (e.type) {
    case 'subscribed':
      return e.resumed
        ? { replayed: e.info.reload ? 0 : e.info.replayed, reloaded: e.info.reload, resyncing: false }
        : { ...s, reloaded: e.info.reload, resyncing: false };
    case 'resync':
      return { ...s, resyncing: true };
  }
}

/** The newest seq a client may resume from: never moves backwards. */
export function advanceSeq(last: number | null, seq: number | undefined): number | null {
  if (seq === undefined || !Number.isFinite(seq)) return last;
  return last === null ? seq : Math.max(last, seq);
}
