/**
 * Threshold with duration and hysteresis for one device/metric stream, as a pure reducer:
 * raise once the value has stayed at or beyond `raiseAt` for `forS` seconds; clear once it has stayed
 * beyond `clearAt` (on the safe side) for `clearForS`. Between the two nothing changes, so a value
 * wobbling around one threshold opens one incident, not dozens.
 */

export interface ThresholdRule {
  /** `above` (default): high values are bad. `below`: low values are bad (e.g. dissolved oxygen). */
  direction?: 'above' | 'below';
  raiseAt: number;
  /** True (default): reaching raiseAt is a breach (>=, <=). False: it must be passed (>, <). */
  inclusive?: boolean;
  /** Seconds the breach must last before raising; 0 raises on the first breaching reading. */
  forS: number;
  /** Must be on the safe side of raiseAt (below it for `above`). */
  clearAt: number;
  clearForS: number;
  /**
   * A gap longer than this between readings restarts a pending raise/clear: a breach an hour ago
   * and one now do not prove an hour of breach. Unset: gaps are trusted.
   */
  maxGapS?: number;
}

export type ThresholdPhase = 'normal' | 'pending_raise' | 'raised' | 'pending_clear';

export interface ThresholdState {
  phase: ThresholdPhase;
  /** Epoch ms the pending phase started (first reading of the current run); null otherwise. */
  since: number | null;
  /** Epoch ms of the last accepted reading. */
  lastTime: number | null;
}

export interface ThresholdReading {
  /** Epoch ms or ISO-8601 string. */
  time: number | string;
  value: number;
}

export interface ThresholdStep {
  state: ThresholdState;
  event?: 'raise' | 'clear';
}

export const INITIAL_THRESHOLD_STATE: Readonly<ThresholdState> = Object.freeze({
  phase: 'normal',
  since: null,
  lastTime: null,
});

/** Throws on a rule whose clear level is not on the safe side of its raise level. */
export function validateThresholdRule(rule: ThresholdRule): void {
  const above = (rule.direction ?? 'above') === 'above';
  const numbers = [rule.raiseAt, rule.clearAt, rule.forS, rule.clearForS];
  if (!numbers.every(Number.isFinite) || rule.forS < 0 || rule.clearForS < 0)
    throw new RangeError('threshold rule needs finite levels and non-negative durations');
  if (above ? !(rule.clearAt < rule.raiseAt) : !(rule.clearAt > rule.raiseAt))
    throw new RangeError(
      `clearAt must be ${above ? 'below' : 'above'} raiseAt for a rule watching ${above ? 'high' : 'low'} values`,
    );
}

function toMs(time: number | string): number {
  return typeof time === 'number' ? time : Date.parse(time);
}

export function evaluateThreshold(
  state: ThresholdState,
  reading: ThresholdReading,
  rule: ThresholdRule,
): ThresholdStep {
  const t = toMs(reading.time);
  // Late, duplicate or broken readings must not move the state (redelivery is normal in MQTT).
  if (
    !Number.isFinite(t) ||
    !Number.isFinite(reading.value) ||
    (state.lastTime !== null && t <= state.lastTime)
  )
    return { state };

  const above = (rule.direction ?? 'above') === 'above';
  const inclusive = rule.inclusive ?? true;
  const breach = above
    ? reading.value > rule.raiseAt || (inclusive && reading.value === rule.raiseAt)
    : reading.value < rule.raiseAt || (inclusive && reading.value === rule.raiseAt);
  const safe = above ? reading.value < rule.clearAt : reading.value > rule.clearAt;
  const gapBroken =
    rule.maxGapS !== undefined && state.lastTime !== null && t - state.lastTime > rule.maxGapS * 1000;
  const since = gapBroken ? t : state.since;
  const held = (start: number | null, forS: number) => start !== null && t - start >= forS * 1000;

  switch (state.phase) {
    case 'normal':
    case 'pending_raise': {
      if (!breach) return { state: { phase: 'normal', since: null, lastTime: t } };
      const start = state.phase === 'pending_raise' ? since : t;
      if (held(start, rule.forS))
        return { state: { phase: 'raised', since: null, lastTime: t }, event: 'raise' };
      return { state: { phase: 'pending_raise', since: start, lastTime: t } };
    }
    case 'raised':
    case 'pending_clear': {
      if (!safe) return { state: { phase: 'raised', since: null, lastTime: t } };
      const start = state.phase === 'pending_clear' ? since : t;
      if (held(start, rule.clearForS))
        return { state: { phase: 'normal', since: null, lastTime: t }, event: 'clear' };
      return { state: { phase: 'pending_clear', since: start, lastTime: t } };
    }
  }
}

/** Folds a whole series (in time order) and returns the final state and the events with their times. */
export function runThreshold(
  readings: readonly ThresholdReading[],
  rule: ThresholdRule,
  state: ThresholdState = INITIAL_THRESHOLD_STATE,
): { state: ThresholdState; events: { time: number; event: 'raise' | 'clear' }[] } {
  const events: { time: number; event: 'raise' | 'clear' }[] = [];
  for (const reading of readings) {
    const step = evaluateThreshold(state, reading, rule);
    state = step.state;
    if (step.event) events.push({ time: toMs(reading.time), event: step.event });
  }
  return { state, events };
}
