import {
  INITIAL_THRESHOLD_STATE,
  evaluateThreshold,
  runThreshold,
  validateThresholdRule,
  type ThresholdRule,
} from './threshold.rule';

const T0 = Date.parse('2025-05-01T00:00:00Z');
const min = (m: number) => T0 + m * 60_000;
/** One reading a minute from T0. */
const series = (values: number[]) => values.map((value, i) => ({ time: min(i), value }));

const rule: ThresholdRule = { raiseAt: 50, forS: 300, clearAt: 40, clearForS: 300 };

describe('evaluateThreshold', () => {
  it('raises only after the value stayed at/above raiseAt for forS', () => {
    // breach starts at minute 1; 5 minutes later (minute 6) it has lasted 300 s
    const { events } = runThreshold(series([10, 55, 60, 52, 50, 58, 61, 70]), rule);
    expect(events).toEqual([{ time: min(6), event: 'raise' }]);
  });

  it('does not raise for a breach shorter than forS', () => {
    const { events, state } = runThreshold(series([55, 60, 60, 60, 49, 60, 60, 60, 60]), rule);
    expect(events).toEqual([]);
    expect(state).toMatchObject({ phase: 'pending_raise', since: min(5) });
  });

  it('raises once while the value wobbles between clearAt and raiseAt (hysteresis)', () => {
    const values = [60, 60, 60, 60, 60, 60, 45, 55, 45, 55, 41, 49, 60, 45];
    const { events, state } = runThreshold(series(values), rule);
    expect(events).toEqual([{ time: min(5), event: 'raise' }]);
    expect(state.phase).toBe('raised');
  });

  it('clears only after clearForS below clearAt, and a new breach needs forS again', () => {
    const values = [60, 60, 60, 60, 60, 60, 30, 30, 30, 45, 30, 30, 30, 30, 30, 30, 60, 60, 60, 60, 60, 60];
    const { events } = runThreshold(series(values), rule);
    expect(events).toEqual([
      { time: min(5), event: 'raise' },
      // dip at minute 6 is interrupted at 9 (45 is not below 40); the clear run starts at 10
      { time: min(15), event: 'clear' },
      { time: min(21), event: 'raise' },
    ]);
  });

  it('raises and clears on the first reading when durations are 0', () => {
    const instant: ThresholdRule = { raiseAt: 3, forS: 0, clearAt: 2.8, clearForS: 0 };
    expect(runThreshold(series([1, 3, 2.9, 2.79]), instant).events).toEqual([
      { time: min(1), event: 'raise' },
      { time: min(3), event: 'clear' },
    ]);
  });

  it('watches low values with direction below', () => {
    const low: ThresholdRule = { direction: 'below', raiseAt: 2, forS: 60, clearAt: 4, clearForS: 60 };
    expect(runThreshold(series([5, 2, 1.5, 3, 3.5, 4.5, 5]), low).events).toEqual([
      { time: min(2), event: 'raise' },
      { time: min(6), event: 'clear' },
    ]);
  });

  it('treats reaching the level as a breach unless the rule is strict (> / <)', () => {
    const at = { raiseAt: 50, forS: 0, clearAt: 40, clearForS: 0 };
    expect(runThreshold(series([50]), at).events).toHaveLength(1);
    expect(runThreshold(series([50, 50.01]), { ...at, inclusive: false }).events).toEqual([
      { time: min(1), event: 'raise' },
    ]);
    const low: ThresholdRule = { direction: 'below', raiseAt: 2, forS: 0, clearAt: 4, clearForS: 0 };
    expect(runThreshold(series([2]), low).events).toHaveLength(1);
    expect(runThreshold(series([2, 1.99]), { ...low, inclusive: false }).events).toEqual([
      { time: min(1), event: 'raise' },
    ]);
  });

  it('ignores late, duplicate and non-numeric readings', () => {
    let state = evaluateThreshold(INITIAL_THRESHOLD_STATE, { time: min(10), value: 60 }, rule).state;
    expect(evaluateThreshold(state, { time: min(10), value: 70 }, rule)).toEqual({ state });
    expect(evaluateThreshold(state, { time: min(5), value: 70 }, rule)).toEqual({ state });
    expect(evaluateThreshold(state, { time: min(11), value: NaN }, rule)).toEqual({ state });
    expect(evaluateThreshold(state, { time: 'not a time', value: 70 }, rule)).toEqual({ state });
    state = evaluateThreshold(state, { time: '2025-05-01T00:15:00Z', value: 70 }, rule).state;
    expect(state.phase).toBe('raised');
  });

  it('restarts a pending raise after a gap longer than maxGapS', () => {
    const gappy: ThresholdRule = { ...rule, maxGapS: 120 };
    const readings = [
      { time: min(0), value: 60 },
      { time: min(10), value: 60 }, // 10-minute silence: the breach is not proven to have lasted
      { time: min(11), value: 60 },
    ];
    expect(runThreshold(readings, gappy).state).toMatchObject({ phase: 'pending_raise', since: min(10) });
    expect(runThreshold(readings, rule).events).toEqual([{ time: min(10), event: 'raise' }]);
  });

  it('rejects a rule whose clear level is on the wrong side', () => {
    expect(() => validateThresholdRule({ raiseAt: 50, clearAt: 50, forS: 0, clearForS: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      validateThresholdRule({ direction: 'below', raiseAt: 2, clearAt: 1, forS: 0, clearForS: 0 }),
    ).toThrow(/above raiseAt/);
    expect(() => validateThresholdRule({ raiseAt: 50, clearAt: 40, forS: -1, clearForS: 0 })).toThrow(
      RangeError,
    );
    expect(() => validateThresholdRule(rule)).not.toThrow();
  });
});
