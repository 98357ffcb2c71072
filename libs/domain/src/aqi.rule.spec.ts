import {
  INITIAL_AQI_RULE_STATE,
  aqiSeverity,
  aqiTitle,
  evaluateAqiRule,
  type AqiRule,
  type AqiRuleState,
} from './aqi.rule';

function run(values: (number | null)[], rule: AqiRule) {
  let state: AqiRuleState = INITIAL_AQI_RULE_STATE;
  return values.map((aqi) => {
    const step = evaluateAqiRule(state, aqi, rule);
    state = step.state;
    return [step.event ?? null, step.severity] as const;
  });
}

describe('evaluateAqiRule', () => {
  const poor: AqiRule = { raiseAtBand: 'poor' };

  it('raises once when the band reaches Kém, escalates with the band, clears 10 points below it', () => {
    expect(run([80, 100, 101, 140, 95, 120, 160, 150, 92, 91, 90, 101], poor)).toEqual([
      [null, null],
      [null, null],
      ['raise', 'Minor'], // 101 = Kém
      [null, 'Minor'],
      [null, 'Minor'], // 95 ≥ 101 − 10: still raised
      [null, 'Minor'],
      ['escalate', 'Moderate'], // 160 = Xấu
      [null, 'Moderate'], // back to Kém: no de-escalation noise, peak kept
      [null, 'Moderate'],
      [null, 'Moderate'], // 91 = 101 − 10: not yet below
      ['clear', null],
      ['raise', 'Minor'],
    ]);
  });

  it('opens at the band reached, e.g. straight to Nguy hại', () => {
    expect(evaluateAqiRule(INITIAL_AQI_RULE_STATE, 320, { raiseAtBand: 'bad' })).toEqual({
      state: { raised: true, peakBand: 'hazardous' },
      event: 'raise',
      severity: 'Extreme',
    });
    expect(evaluateAqiRule(INITIAL_AQI_RULE_STATE, 150, { raiseAtBand: 'bad' }).event).toBeUndefined();
    expect(evaluateAqiRule(INITIAL_AQI_RULE_STATE, 151, { raiseAtBand: 'bad' }).event).toBe('raise');
  });

  it('honours a custom clear margin', () => {
    expect(run([151, 149, 150], { raiseAtBand: 'bad', clearMarginPoints: 0 }).map(([e]) => e)).toEqual([
      'raise',
      'clear',
      null,
    ]);
  });

  it('keeps its state through an hour without PM data', () => {
    expect(run([130, null, 130], poor).map(([e]) => e)).toEqual(['raise', null, null]);
  });
});

describe('aqi severity and title', () => {
  it('maps bands to CAP severities', () => {
    expect(['poor', 'bad', 'very_bad', 'hazardous'].map((b) => aqiSeverity(b as never))).toEqual([
      'Minor',
      'Moderate',
      'Severe',
      'Extreme',
    ]);
  });

  it('names the band in both languages', () => {
    expect(aqiTitle(160, 'Chợ Phan Thiết')).toEqual({
      vi: 'Chất lượng không khí xấu (VN_AQI 160) tại Chợ Phan Thiết',
      en: 'Bad air quality (VN_AQI 160) at Chợ Phan Thiết',
    });
  });
});
