/**
 * Water level against a gauge's flood alarm levels I/II/III (báo động I/II/III) with hysteresis:
 * the level rises as soon as the water reaches an alarm level, and falls back only once the water is
 * `hysteresisM` below it, so a level hovering at the mark does not flap.
 */
import type { CapSeverity } from '@ioc/contracts/incident.schema';
import { areValidWaterLevelAlarms, type WaterLevelAlarms } from './water-level-band';

export type FloodLevel = 0 | 1 | 2 | 3;

export interface FloodLevelRule {
  alarms: WaterLevelAlarms;
  /** Metres below an alarm level the water must drop to leave it; default 0.05 m. */
  hysteresisM?: number;
}

export type FloodLevelEvent = 'raise' | 'escalate' | 'deescalate' | 'clear';

export interface FloodLevelStep {
  level: FloodLevel;
  /** raise: 0 → ≥1; escalate/deescalate: between 1..3; clear: → 0. Absent when the level holds. */
  event?: FloodLevelEvent;
  /** Severity for the current level; null at level 0. */
  severity: CapSeverity | null;
}

export const DEFAULT_FLOOD_HYSTERESIS_M = 0.05;

const SEVERITY: Readonly<Record<FloodLevel, CapSeverity | null>> = {
  0: null,
  1: 'Moderate',
  2: 'Severe',
  3: 'Extreme',
};

/** Báo động I → Moderate, II → Severe, III → Extreme. */
export function floodSeverity(level: FloodLevel): CapSeverity | null {
  return SEVERITY[level];
}

function thresholds(a: WaterLevelAlarms): [number, number, number] {
  return [a.level1, a.level2, a.level3];
}

/** Next level from the previous one and a new reading (metres); the previous level holds on a bad value. */
export function evaluateFloodLevel(
  previous: FloodLevel,
  metres: number,
  rule: FloodLevelRule,
): FloodLevelStep {
  if (!areValidWaterLevelAlarms(rule.alarms))
    throw new RangeError('water level alarms must increase: level1 < level2 < level3');
  if (!Number.isFinite(metres)) return { level: previous, severity: SEVERITY[previous] };
  const h = rule.hysteresisM ?? DEFAULT_FLOOD_HYSTERESIS_M;
  const marks = thresholds(rule.alarms);
  const raw = marks.filter((m) => metres >= m).length as FloodLevel;
  let level: FloodLevel = raw;
  if (raw < previous) {
    // Keep each level above raw until the water is h below its mark.
    level = raw;
    for (let k = previous; k > raw; k--)
      // 1e-9: 2.6 − 0.05 is 2.5500000000000003 in floating point; a reading of 2.55 must hold.
      if (metres >= marks[k - 1] - h - 1e-9) {
        level = k as FloodLevel;
        break;
      }
  }
  return { level, event: eventFor(previous, level), severity: SEVERITY[level] };
}

function eventFor(from: FloodLevel, to: FloodLevel): FloodLevelEvent | undefined {
  if (to === from) return undefined;
  if (from === 0) return 'raise';
  if (to === 0) return 'clear';
  return to > from ? 'escalate' : 'deescalate';
}

const ROMAN = ['', 'I', 'II', 'III'];

/** Incident title for a gauge at a level, Vietnamese and English. */
export function floodLevelTitle(level: FloodLevel, gaugeName: string): { vi: string; en: string } {
  if (level === 0)
    return {
      vi: `Mực nước dưới báo động tại ${gaugeName}`,
      en: `Water level below alarm levels at ${gaugeName}`,
    };
  return {
    vi: `Mực nước vượt báo động ${ROMAN[level]} tại ${gaugeName}`,
    en: `Water level above alarm level ${ROMAN[level]} at ${gaugeName}`,
  };
}
