import type { DeviceTransition } from '../committed/committed.hooks';
import { OfflineAggregator, type OfflineDecision } from './offline.aggregator';

const off = (deviceId: string, source = 'zigbee2mqtt'): DeviceTransition => ({
  deviceId,
  status: 'offline',
  time: '2026-01-01T00:00:00.000Z',
  reason: `${source} availability`,
  source,
});

/** An aggregator on a hand-moved clock; decisions are collected, merges counted. */
function make(opts = { delayMs: 1000, massMin: 3, windowMs: 60_000 }) {
  let now = 1_000_000;
  const decisions: OfflineDecision[] = [];
  let merged = 0;
  const agg = new OfflineAggregator(
    opts,
    (d) => decisions.push(d),
    (n) => (merged += n),
    () => now,
  );
  const summary = () =>
    decisions.map((d) => [d.mode, d.group.feed, d.group.ward, d.transitions.map((t) => t.deviceId)]);
  return {
    agg,
    decisions,
    summary,
    merged: () => merged,
    advance: (ms: number) => {
      now += ms;
      jest.advanceTimersByTime(ms);
    },
  };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('OfflineAggregator', () => {
  it('one decision per feed and ward after the delay: a mass outage from massMin devices, else one by one', () => {
    const { agg, summary, advance } = make();
    for (const id of ['z3', 'z1', 'z2']) agg.add(off(id), 'ward-a');
    agg.add(off('z9'), 'ward-b');
    agg.add(off('s1', 'senml'), 'ward-a');
    agg.add(off('u1'), null);
    expect(agg.waiting).toBe(6);
    advance(999);
    expect(summary()).toEqual([]);
    advance(1);
    expect(summary()).toEqual([
      ['mass', 'zigbee2mqtt', 'ward-a', ['z1', 'z2', 'z3']],
      ['single', 'zigbee2mqtt', 'ward-b', ['z9']],
      ['single', 'senml', 'ward-a', ['s1']],
      ['single', 'zigbee2mqtt', null, ['u1']],
    ]);
    expect(agg.waiting).toBe(0);
  });

  it('a group in a mass outage keeps joining it within the window; afterwards devices are single again', () => {
    const { agg, summary, advance } = make();
    for (const id of ['a', 'b', 'c']) agg.add(off(id), 'w');
    advance(1000);
    // a straggler 30 s later: still the same outage
    advance(29_000);
    agg.add(off('d'), 'w');
    advance(1000);
    // the outage was last extended at +31 s; 61 s later a lone device is on its own
    advance(61_000);
    agg.add(off('e'), 'w');
    advance(1000);
    expect(summary()).toEqual([
      ['mass', 'zigbee2mqtt', 'w', ['a', 'b', 'c']],
      ['mass', 'zigbee2mqtt', 'w', ['d']],
      ['single', 'zigbee2mqtt', 'w', ['e']],
    ]);
  });

  it('devices trickling in count together within the window', () => {
    const { agg, summary, advance } = make();
    agg.add(off('a'), 'w');
    advance(1000);
    advance(10_000);
    agg.add(off('b'), 'w');
    advance(1000);
    advance(10_000);
    agg.add(off('c'), 'w'); // the third within 60 s: from here on, a mass outage
    advance(1000);
    expect(summary().map(([mode, , , ids]) => [mode, ids])).toEqual([
      ['single', ['a']],
      ['single', ['b']],
      ['mass', ['c']],
    ]);
  });

  it('a device offline twice while its group waits is listed once, the repeat counted as merged', () => {
    const { agg, decisions, merged } = make();
    agg.add(off('a'), 'w');
    agg.add(off('a'), 'w');
    agg.flushAll();
    expect(decisions.map((d) => d.transitions.length)).toEqual([1]);
    expect(merged()).toBe(1);
  });

  it('flushAll decides every waiting group at once (tests, shutdown)', () => {
    const { agg, summary } = make();
    agg.add(off('a'), 'w');
    agg.add(off('b', 'ttn'), null);
    agg.flushAll();
    expect(summary()).toEqual([
      ['single', 'zigbee2mqtt', 'w', ['a']],
      ['single', 'ttn', null, ['b']],
    ]);
    expect(agg.waiting).toBe(0);
  });
});
