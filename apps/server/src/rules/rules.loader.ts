import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CitySchema, type City, type CityCamera, type CitySensor } from '@ioc/contracts/city.schema';
import {
  RulesFileSchema,
  type CameraRuleConfig,
  type CitizenReportRuleConfig,
  type DeviceOfflineRuleConfig,
  type FiwareAlertRuleConfig,
  type FloodRuleConfig,
  type RuleConfig,
  type RulesFile,
  type ThresholdRuleConfig,
  type VnAqiRuleConfig,
} from '@ioc/contracts/rules.schema';
import type { CameraRule } from '@ioc/domain/camera.rule';
import { templateFields } from '@ioc/domain/text-template';
import type { ThresholdRule } from '@ioc/domain/threshold.rule';
import type { WaterLevelAlarms } from '@ioc/domain/water-level-band';

/** Placeholders a threshold / offline title may use (filled by the proposal factory). */
export const TITLE_FIELDS = [
  'device',
  'deviceName',
  'metric',
  'value',
  'unit',
  'threshold',
  'ward',
  'wardName',
] as const;

export interface CompiledThreshold {
  config: ThresholdRuleConfig;
  rule: ThresholdRule;
}

export interface CompiledAqi {
  config: VnAqiRuleConfig;
  stations: CitySensor[];
}

export interface CompiledFlood {
  config: FloodRuleConfig;
  gauges: { sensor: CitySensor; alarms: WaterLevelAlarms }[];
}

export interface CompiledCamera {
  config: CameraRuleConfig;
  rule: CameraRule;
}

/** The rules file as parsed (for GET /api/rules) and the enabled rules ready for evaluation. */
export interface LoadedRules {
  path: string;
  file: RulesFile;
  maxEventAgeS: number;
  threshold: CompiledThreshold[];
  aqi: CompiledAqi[];
  flood: CompiledFlood[];
  camera: CompiledCamera[];
  offline: DeviceOfflineRuleConfig[];
  fiware: FiwareAlertRuleConfig | null;
  report: CitizenReportRuleConfig | null;
}

/** A problem in the rules file; the message names the file, the rule and the field. */
export class RulesFileError extends Error {}

export function rulesFilePath(repoRoot: string, cityDir: string, rulesFile: string): string {
  return resolve(repoRoot, cityDir, rulesFile);
}

/**
 * Start-up check before anything connects (like FEED_ROUTES_FILE): the rules file of CITY_DIR against
 * its city.json. A city.json that does not parse is left for CityService to report.
 */
export function checkRulesFile(repoRoot: string, cityDir: string, rulesFile: string): void {
  let city: City;
  try {
    city = CitySchema.parse(JSON.parse(readFileSync(resolve(repoRoot, cityDir, 'city.json'), 'utf8')));
  } catch {
    return;
  }
  loadRulesFile(rulesFilePath(repoRoot, cityDir, rulesFile), city);
}

/** Reads, validates and compiles the rules file against the city; throws RulesFileError. */
export function loadRulesFile(path: string, city: City): LoadedRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new RulesFileError(`rules file ${path}: cannot read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new RulesFileError(`rules file ${path}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return compileRules(raw, city, path);
}

/** Validates already-parsed YAML (tests use it directly). */
export function compileRules(raw: unknown, city: City, path = 'rules.yaml'): LoadedRules {
  const parsed = RulesFileSchema.safeParse(raw);
  if (!parsed.success) throw new RulesFileError(describeIssue(path, raw, parsed.error.issues[0]));
  const file = parsed.data;
  const fail = (index: number, field: string, message: string): never => {
    const r = file.rules[index];
    throw new RulesFileError(
      `rules file ${path}: rule "${r.id}" (rules[${index}], ${r.type}): ${field}: ${message}`,
    );
  };

  const ids = new Map<string, number>();
  file.rules.forEach((r, i) => {
    if (ids.has(r.id)) fail(i, 'id', `duplicate of rules[${ids.get(r.id)}]`);
    ids.set(r.id, i);
  });

  const sensors = new Map(city.sensors.map((s) => [s.id, s]));
  const cameras = new Map<string, CityCamera>(city.cameras.map((c) => [c.id, c]));
  const wards = new Set(city.wards.map((w) => w.id));
  const out: LoadedRules = {
    path,
    file,
    maxEventAgeS: file.maxEventAge,
    threshold: [],
    aqi: [],
    flood: [],
    camera: [],
    offline: [],
    fiware: null,
    report: null,
  };

  const checkTitle = (i: number, title: { vi: string; en: string }) => {
    for (const lang of ['vi', 'en'] as const)
      for (const f of templateFields(title[lang]))
        if (!(TITLE_FIELDS as readonly string[]).includes(f))
          fail(
            i,
            `title.${lang}`,
            `unknown placeholder {${f}} (use ${TITLE_FIELDS.map((x) => `{${x}}`).join(' ')})`,
          );
  };
  const checkWards = (i: number, list: string[] | undefined, field: string) => {
    for (const w of list ?? []) if (!wards.has(w)) fail(i, field, `unknown ward "${w}"`);
  };

  file.rules.forEach((r: RuleConfig, i) => {
    switch (r.type) {
      case 'threshold': {
        checkTitle(i, r.title);
        checkWards(i, r.devices?.wards, 'devices.wards');
        const above = r.op === '>' || r.op === '>=';
        const clearAt = r.clearValue ?? (above ? r.value - r.hysteresis! : r.value + r.hysteresis!);
        if (r.enabled)
          out.threshold.push({
            config: r,
            rule: {
              direction: above ? 'above' : 'below',
              raiseAt: r.value,
              inclusive: r.op === '>=' || r.op === '<=',
              clearAt,
              forS: r.for,
              clearForS: r.clearFor,
              maxGapS: r.maxGap,
            },
          });
        return;
      }
      case 'vn_aqi': {
        const stations = r.stations
          ? r.stations.map((id, k) => {
              const s = sensors.get(id);
              if (!s) return fail(i, `stations[${k}]`, `"${id}" is not a sensor of the city`);
              if (!s.metrics.includes('pm25') && !s.metrics.includes('pm10'))
                return fail(i, `stations[${k}]`, `"${id}" measures neither pm25 nor pm10`);
              return s;
            })
          : city.sensors.filter((s) => s.kind === 'air_quality');
        if (r.enabled) out.aqi.push({ config: r, stations });
        return;
      }
      case 'flood': {
        const chosen = r.gauges
          ? r.gauges.map(
              (id, k) => sensors.get(id) ?? fail(i, `gauges[${k}]`, `"${id}" is not a sensor of the city`),
            )
          : city.sensors.filter((s) => (r.alarms ? s.kind === 'water_level' : s.floodAlarms !== undefined));
        const gauges = chosen.map((sensor, k) => {
          const alarms = r.alarms ?? sensor.floodAlarms;
          if (!alarms)
            return fail(
              i,
              `gauges[${k}]`,
              `"${sensor.id}" has no floodAlarms in city.json; add them there or set alarms on the rule`,
            );
          return { sensor, alarms };
        });
        if (r.enabled) out.flood.push({ config: r, gauges });
        return;
      }
      case 'camera': {
        r.cameras?.forEach((id, k) => {
          if (!cameras.has(id)) fail(i, `cameras[${k}]`, `"${id}" is not a camera of the city`);
        });
        if (r.enabled)
          out.camera.push({
            config: r,
            rule: {
              id: r.id,
              cameras: r.cameras,
              labels: r.labels,
              zones: r.zones,
              minScore: r.minScore,
              timeWindows: r.timeWindows,
              plates: r.plates,
              category: r.category,
              severity: r.severity,
            },
          });
        return;
      }
      case 'device_offline':
        checkTitle(i, r.title);
        checkWards(i, r.devices?.wards, 'devices.wards');
        if (r.enabled) out.offline.push(r);
        return;
      case 'fiware_alert':
        if (r.enabled) {
          if (out.fiware)
            fail(i, 'type', `only one enabled fiware_alert rule is allowed ("${out.fiware.id}" is one)`);
          out.fiware = r;
        }
        return;
      case 'citizen_report':
        if (r.enabled) {
          if (out.report)
            fail(i, 'type', `only one enabled citizen_report rule is allowed ("${out.report.id}" is one)`);
          out.report = r;
        }
        return;
    }
  });
  return out;
}

/** "rule "x" (rules[2], threshold): clearValue: must be below value" from the first zod issue. */
function describeIssue(path: string, raw: unknown, issue: z.core.$ZodIssue): string {
  const p = issue.path;
  if (p[0] !== 'rules' || typeof p[1] !== 'number') {
    const field = p.length ? p.join('.') : '(file)';
    return `rules file ${path}: ${field}: ${issue.message}`;
  }
  const index = p[1];
  const rule = (raw as { rules?: unknown[] }).rules?.[index] as { id?: unknown; type?: unknown } | undefined;
  const id = typeof rule?.id === 'string' ? `rule "${rule.id}"` : 'rule without id';
  const type = typeof rule?.type === 'string' ? `, ${rule.type}` : '';
  let field = p.slice(2).join('.') || '(rule)';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    field = [...p.slice(2), ...issue.keys].join('.') || issue.keys.join(', ');
    message = 'unknown field';
  } else if (field === 'type' && issue.code === 'invalid_union') {
    message = 'must be one of threshold, vn_aqi, flood, camera, device_offline, fiware_alert, citizen_report';
  }
  return `rules file ${path}: ${id} (rules[${index}]${type}): ${field}: ${message}`;
}
