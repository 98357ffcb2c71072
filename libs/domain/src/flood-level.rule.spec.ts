import {
  evaluateFloodLevel,
  floodLevelTitle,
  floodSeverity,
  type FloodLevel,
  type FloodLevelRule,
} from './flood-level.rule';

const rule: FloodLevelRule = { alarms: { level1: 2.2, level2: 2.6, level3: 3.0 }, hysteresisM: 0.05 };

/** Feeds a series of levels (m) and returns the level and event after each. */
function run(metres: number[], r: FloodLevelRule = rule) {
  let level: FloodLevel = 0;
  return metres.map((m) => {
    const step = evaluateFloodLevel(level, m, r);
    level = step.level;
    return [step.level, step.event ?? null] as const;
  });
}

describe('evaluateFloodLevel', () => {
  it('rises as soon as the water reaches each alarm level', () => {
    expect(run([1.9, 2.2, 2.59, 2.6, 3.0, 3.4])).toEqual([
      [0, null],
      [1, 'raise'],
      [1, null],
      [2, 'escalate'],
      [3, 'escalate'],
      [3, null],
    ]);
  });

  it('jumps straight to level III from normal with one raise', () => {
    expect(evaluateFloodLevel(0, 3.1, rule)).toEqual({ level: 3, event: 'raise', severity: 'Extreme' });
  });

  it('falls back only hysteresisM below a mark (no flapping at the mark)', () => {
    expect(run([2.65, 2.59, 2.61, 2.56, 2.55, 2.54, 2.3, 2.16, 2.15, 2.14])).toEqual([
      [2, 'raise'],
      [2, null], // 2.59 ≥ 2.6 − 0.05
      [2, null],
      [2, null],
      [2, null], // exactly at 2.55 still holds
      [1, 'deescalate'],
      [1, null],
      [1, null], // 2.16 ≥ 2.2 − 0.05
      [1, null],
      [0, 'clear'],
    ]);
  });

  it('drops several levels at once when the water falls fast', () => {
    expect(evaluateFloodLevel(3, 2.0, rule)).toEqual({ level: 0, event: 'clear', severity: null });
    expect(evaluateFloodLevel(3, 2.57, rule)).toEqual({ level: 2, event: 'deescalate', severity: 'Severe' });
    expect(evaluateFloodLevel(3, 2.96, rule)).toEqual({ level: 3, severity: 'Extreme' });
  });

  it('uses 5 cm hysteresis by default', () => {
    expect(evaluateFloodLevel(1, 2.151, { alarms: rule.alarms }).level).toBe(1);
    expect(evaluateFloodLevel(1, 2.149, { alarms: rule.alarms }).level).toBe(0);
  });

  it('keeps the previous level on a broken reading', () => {
    expect(evaluateFloodLevel(2, NaN, rule)).toEqual({ level: 2, severity: 'Severe' });
  });

  it('rejects alarm levels that do not increase', () => {
    expect(() => evaluateFloodLevel(0, 1, { alarms: { level1: 3, level2: 2, level3: 4 } })).toThrow(
      RangeError,
    );
  });
});

describe('flood severity and title', () => {
  it('maps I → Moderate, II → Severe, III → Extreme', () => {
    expect([0, 1, 2, 3].map((l) => floodSeverity(l as FloodLevel))).toEqual([
      null,
      'Moderate',
      'Severe',
      'Extreme',
    ]);
  });

  it('names the alarm level in Vietnamese and English', () => {
    expect(floodLevelTitle(2, 'Trạm Phan Thiết')).toEqual({
      vi: 'Mực nước vượt báo động II tại Trạm Phan Thiết',
      en: 'Water level above alarm level II at Trạm Phan Thiết',
    });
  });
});
