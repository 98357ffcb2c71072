import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CitySchema, type City } from '@ioc/contracts/city.schema';
import { compileRules, loadRulesFile, RulesFileError } from './rules.loader';

const cityDir = join(__dirname, '../../../../infra/city');
const city: City = CitySchema.parse(JSON.parse(readFileSync(join(cityDir, 'city.json'), 'utf8')));
const demo = parse(readFileSync(join(cityDir, 'rules.yaml'), 'utf8')) as { rules: Record<string, unknown>[] };

/** The demo file with one rule replaced/changed. */
function withRule(id: string, patch: Record<string, unknown> | null): unknown {
  const copy = structuredClone(demo);
  const i = copy.rules.findIndex((r) => r.id === id);
  if (patch === null) copy.rules.splice(i, 1);
  else copy.rules[i] = { ...copy.rules[i], ...patch };
  return copy;
}

function errorOf(raw: unknown): string {
  try {
    compileRules(raw, city, 'rules.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(RulesFileError);
    return (e as Error).message;
  }
  throw new Error('expected the rules to be refused');
}

describe('the demo rules file', () => {
  const loaded = loadRulesFile(join(cityDir, 'rules.yaml'), city);

  it('loads against the demo city with every rule type', () => {
    expect(new Set(loaded.file.rules.map((r) => r.type))).toEqual(
      new Set(['threshold', 'vn_aqi', 'flood', 'camera', 'device_offline', 'fiware_alert', 'citizen_report']),
    );
    expect(loaded.maxEventAgeS).toBe(24 * 3600);
    expect(loaded.fiware?.id).toBe('fiware-alert');
    expect(loaded.report?.id).toBe('citizen-report');
  });

  it('watches every air-quality station and every gauge with alarm levels', () => {
    const aqi = loaded.aqi[0];
    expect(aqi.config).toMatchObject({ raiseAt: 'poor', completeAfter: 120, clearMargin: 10 });
    expect(aqi.stations.length).toBe(city.sensors.filter((s) => s.kind === 'air_quality').length);
    const gauges = loaded.flood[0].gauges;
    expect(gauges.length).toBe(city.sensors.filter((s) => s.kind === 'water_level').length);
    for (const g of gauges) expect(g.alarms.level1).toBeLessThan(g.alarms.level2);
  });

  it('compiles thresholds into the domain rule (durations in seconds, hysteresis → clear level)', () => {
    const smoke = loaded.threshold.find((t) => t.config.id === 'pm25-smoke-spike')!;
    expect(smoke.rule).toEqual({
      direction: 'above',
      raiseAt: 250,
      inclusive: true,
      clearAt: 120,
      forS: 180,
      clearForS: 600,
      maxGapS: 300,
    });
    const no2 = loaded.threshold.find((t) => t.config.id === 'no2-high')!;
    expect(no2.rule).toMatchObject({ raiseAt: 400, inclusive: false, clearAt: 300, forS: 900 });
  });
});

describe('a bad rules file', () => {
  it.each([
    [
      'a clear value on the wrong side',
      withRule('no2-high', { hysteresis: undefined, clearValue: 500 }),
      'rule "no2-high" (rules[2], threshold): clearValue: must be below value (400) for op >',
    ],
    [
      'both clearValue and hysteresis',
      withRule('no2-high', { clearValue: 300 }),
      'rule "no2-high" (rules[2], threshold): clearValue: give exactly one of clearValue or hysteresis',
    ],
    [
      'an unknown band',
      withRule('vn-aqi-poor', { raiseAt: 'awful' }),
      'rule "vn-aqi-poor" (rules[0], vn_aqi): raiseAt:',
    ],
    [
      'a bad duration',
      withRule('pm25-smoke-spike', { for: 'ten minutes' }),
      'rule "pm25-smoke-spike" (rules[1], threshold): for: must be seconds or a duration like 30s, 10m, 1h, 1d',
    ],
    [
      'an unknown field',
      withRule('fire-smoke', { minscore: 0.5 }),
      'rule "fire-smoke" (rules[6], camera): minscore: unknown field',
    ],
    [
      'an unknown type',
      withRule('fire-smoke', { type: 'magic' }),
      'rule "fire-smoke" (rules[6], magic): type: must be one of threshold, vn_aqi',
    ],
    [
      'an unknown camera',
      withRule('night-intrusion-market', { cameras: ['cam-nowhere'] }),
      'rule "night-intrusion-market" (rules[7], camera): cameras[0]: "cam-nowhere" is not a camera of the city',
    ],
    [
      'a station that is not a sensor',
      withRule('vn-aqi-poor', { stations: ['pt-aq-01', 'nope'] }),
      'rule "vn-aqi-poor" (rules[0], vn_aqi): stations[1]: "nope" is not a sensor of the city',
    ],
    [
      'a gauge without alarm levels',
      withRule('flood-alarm', { gauges: ['pt-aq-01'] }),
      'rule "flood-alarm" (rules[3], flood): gauges[0]: "pt-aq-01" has no floodAlarms in city.json',
    ],
    [
      'an unknown title placeholder',
      withRule('no2-high', { title: { vi: 'NO2 {valeu}', en: 'NO2 {value}' } }),
      'rule "no2-high" (rules[2], threshold): title.vi: unknown placeholder {valeu}',
    ],
    [
      'a bad local time',
      withRule('night-intrusion-market', { timeWindows: [{ from: '25:00', to: '05:00' }] }),
      'rule "night-intrusion-market" (rules[7], camera): timeWindows.0.from: must be local time HH:MM',
    ],
    [
      'an unknown ward',
      withRule('no2-high', { devices: { wards: ['atlantis'] } }),
      'rule "no2-high" (rules[2], threshold): devices.wards: unknown ward "atlantis"',
    ],
  ])('names the rule and the field: %s', (_what, raw, expected) => {
    expect(errorOf(raw)).toContain(expected);
  });

  it('refuses duplicate ids and a second report rule', () => {
    const dup = structuredClone(demo);
    dup.rules.push({ ...dup.rules[1] });
    expect(errorOf(dup)).toMatch(
      /rule "pm25-smoke-spike" \(rules\[\d+\], threshold\): id: duplicate of rules\[1\]/,
    );
    const two = structuredClone(demo);
    two.rules.push({ id: 'reports-2', type: 'citizen_report' });
    expect(errorOf(two)).toContain('rule "reports-2"');
    expect(errorOf(two)).toContain('only one enabled citizen_report rule');
  });

  it('names the file for YAML errors and missing files', () => {
    expect(() => loadRulesFile('/nonexistent/rules.yaml', city)).toThrow(
      /rules file \/nonexistent\/rules.yaml: cannot read/,
    );
    expect(errorOf({ rules: 'none' })).toBe(
      'rules file rules.yaml: rules: Invalid input: expected array, received string',
    );
  });
});
