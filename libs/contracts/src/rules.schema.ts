import { z } from 'zod';
import { DeviceKindSchema } from './device.schema';
import {
  CapCertaintySchema,
  CapSeveritySchema,
  CapUrgencySchema,
  IncidentCategorySchema,
} from './incident.schema';

/**
 * The rules file (infra/city/rules.yaml): what turns readings, camera events, device transitions and
 * signals into incident proposals. Validated at start; `GET /api/rules` returns the parsed form
 * (durations in seconds, defaults filled in).
 */

const DURATION_RE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;
const UNIT_S = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Seconds, as a number or "90s", "10m", "1h", "1d". */
export const DurationSchema = z
  .union([
    z.number().nonnegative('must be ≥ 0 seconds'),
    z.string().regex(DURATION_RE, 'must be seconds or a duration like 30s, 10m, 1h, 1d'),
  ])
  .transform((v) => {
    if (typeof v === 'number') return v;
    const m = DURATION_RE.exec(v)!;
    return Number(m[1]) * UNIT_S[m[2] as keyof typeof UNIT_S];
  });

const RuleIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, 'must be 1-80 characters of a-z 0-9 _ - (lower case)');

/** Vietnamese and English text; `{name}` placeholders are filled per incident. */
export const TitleTemplateSchema = z.object({
  vi: z.string().min(1).max(300),
  en: z.string().min(1).max(300),
});
export type TitleTemplate = z.infer<typeof TitleTemplateSchema>;

/** Which devices a rule watches: every condition given must hold; a list matches any of its items. */
export const DeviceFilterSchema = z
  .object({
    ids: z.array(z.string().min(1).max(200)).min(1).optional(),
    kinds: z.array(DeviceKindSchema).min(1).optional(),
    wards: z.array(z.string().min(1).max(100)).min(1).optional(),
  })
  .strict();
export type DeviceFilter = z.infer<typeof DeviceFilterSchema>;

const common = {
  id: RuleIdSchema,
  enabled: z.boolean().default(true),
  description: z.string().max(1000).optional(),
  urgency: CapUrgencySchema.optional(),
  certainty: CapCertaintySchema.optional(),
};

export const ThresholdOpSchema = z.enum(['>', '>=', '<', '<=']);

/** Value beyond a level for a while, back on the safe side for a while (hysteresis). */
export const ThresholdRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('threshold'),
    metric: z.string().min(1).max(100),
    op: ThresholdOpSchema.default('>='),
    value: z.number(),
    /** Level on the safe side that clears the condition; or give `hysteresis` (distance from value). */
    clearValue: z.number().optional(),
    hysteresis: z.number().positive('must be > 0').optional(),
    for: DurationSchema.default(0),
    clearFor: DurationSchema.default(0),
    /** A longer silence between readings restarts a pending raise/clear. */
    maxGap: DurationSchema.optional(),
    devices: DeviceFilterSchema.optional(),
    category: IncidentCategorySchema,
    severity: CapSeveritySchema,
    title: TitleTemplateSchema,
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.clearValue === undefined) === (r.hysteresis === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['clearValue'],
        message: 'give exactly one of clearValue or hysteresis',
      });
    const above = r.op === '>' || r.op === '>=';
    if (r.clearValue !== undefined && (above ? !(r.clearValue < r.value) : !(r.clearValue > r.value)))
      ctx.addIssue({
        code: 'custom',
        path: ['clearValue'],
        message: `must be ${above ? 'below' : 'above'} value (${r.value}) for op ${r.op}`,
      });
  });

export const VnAqiBandSchema = z.enum(['good', 'moderate', 'poor', 'bad', 'very_bad', 'hazardous']);

/** Hourly VN_AQI per station (QĐ 1459/QĐ-TCMT); severity follows the band. */
export const VnAqiRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('vn_aqi'),
    /** Station ids (city sensors); absent: every air-quality sensor of the city. */
    stations: z.array(z.string().min(1).max(200)).min(1).optional(),
    /** Lowest band that opens an incident (poor = Kém, bad = Xấu …). */
    raiseAt: VnAqiBandSchema,
    /** AQI points below the band's lower edge the index must fall to clear. */
    clearMargin: z.number().nonnegative().default(10),
    /** An hour counts as complete this long after it ends. */
    completeAfter: DurationSchema.default(120),
    /** Readings an hour needs for its mean to count (fewer: the hour is missing). */
    minSamplesPerHour: z.number().int().min(1).default(1),
    category: IncidentCategorySchema.default('air_quality'),
  })
  .strict();

const AlarmsSchema = z
  .object({ level1: z.number(), level2: z.number(), level3: z.number() })
  .strict()
  .refine((a) => a.level1 < a.level2 && a.level2 < a.level3, 'level1 < level2 < level3 required');

/** Water level vs the gauge's alarm levels I/II/III (city.json `floodAlarms`, or `alarms` here). */
export const FloodRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('flood'),
    metric: z.string().min(1).max(100).default('water_level'),
    /** Gauge ids; absent: every city sensor that has `floodAlarms`. */
    gauges: z.array(z.string().min(1).max(200)).min(1).optional(),
    /** Overrides the gauges' own levels (same for every gauge of this rule). */
    alarms: AlarmsSchema.optional(),
    /** Metres below a level the water must fall to leave it. */
    hysteresis: z.number().nonnegative().default(0.05),
    category: IncidentCategorySchema.default('flood'),
  })
  .strict();

const HHMM = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be local time HH:MM');

/** Frigate events: labels (in zones), minimum score, local time windows, watch-list plates, fire/smoke. */
export const CameraRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('camera'),
    cameras: z.array(z.string().min(1).max(200)).min(1).optional(),
    labels: z.array(z.string().min(1).max(100)).min(1),
    zones: z.array(z.string().min(1).max(200)).min(1).optional(),
    minScore: z.number().min(0).max(1).optional(),
    /** Local (Vietnam, UTC+7) windows; `to` before `from` crosses midnight. */
    timeWindows: z
      .array(z.object({ from: HHMM, to: HHMM }).strict())
      .min(1)
      .optional(),
    plates: z.array(z.string().min(1).max(32)).min(1).optional(),
    category: IncidentCategorySchema.optional(),
    severity: CapSeveritySchema.optional(),
  })
  .strict();

/** A device the monitor marked offline (silent for 3× its interval, or its feed said so). */
export const DeviceOfflineRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('device_offline'),
    devices: DeviceFilterSchema.optional(),
    category: IncidentCategorySchema.default('utility'),
    severity: CapSeveritySchema.default('Minor'),
    title: TitleTemplateSchema.default({
      vi: 'Mất kết nối thiết bị {deviceName}',
      en: 'Device offline: {deviceName}',
    }),
  })
  .strict();

export const FiwareAlertMapEntrySchema = z
  .object({
    category: z.string().min(1).max(100),
    subCategory: z.string().min(1).max(100).optional(),
    to: IncidentCategorySchema,
    severity: CapSeveritySchema.optional(),
  })
  .strict();

/** FIWARE `Alert` entities → incidents, by category/subCategory. */
export const FiwareAlertRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('fiware_alert'),
    map: z.array(FiwareAlertMapEntrySchema).default([]),
    defaultCategory: IncidentCategorySchema.default('other'),
    defaultSeverity: CapSeveritySchema.default('Moderate'),
  })
  .strict();

/** Citizen reports (REST and MQTT `ioc/reports`): each opens or joins an incident. */
export const CitizenReportRuleConfigSchema = z
  .object({
    ...common,
    type: z.literal('citizen_report'),
    /** Citizens do not grade severity; the operator triages. */
    severity: CapSeveritySchema.default('Unknown'),
    /** Category for MQTT reports whose category is not one of ours. */
    defaultCategory: IncidentCategorySchema.default('other'),
  })
  .strict();

export const RuleConfigSchema = z.discriminatedUnion('type', [
  ThresholdRuleConfigSchema,
  VnAqiRuleConfigSchema,
  FloodRuleConfigSchema,
  CameraRuleConfigSchema,
  DeviceOfflineRuleConfigSchema,
  FiwareAlertRuleConfigSchema,
  CitizenReportRuleConfigSchema,
]);

export const RulesFileSchema = z
  .object({
    /** Readings and events older than this (event time vs now) never open incidents: backfills, replays. */
    maxEventAge: DurationSchema.default(24 * 3600),
    rules: z.array(RuleConfigSchema),
  })
  .strict();

export type RuleConfig = z.infer<typeof RuleConfigSchema>;
export type ThresholdRuleConfig = z.infer<typeof ThresholdRuleConfigSchema>;
export type VnAqiRuleConfig = z.infer<typeof VnAqiRuleConfigSchema>;
export type FloodRuleConfig = z.infer<typeof FloodRuleConfigSchema>;
export type CameraRuleConfig = z.infer<typeof CameraRuleConfigSchema>;
export type DeviceOfflineRuleConfig = z.infer<typeof DeviceOfflineRuleConfigSchema>;
export type FiwareAlertRuleConfig = z.infer<typeof FiwareAlertRuleConfigSchema>;
export type CitizenReportRuleConfig = z.infer<typeof CitizenReportRuleConfigSchema>;
export type RulesFile = z.infer<typeof RulesFileSchema>;
export type RuleType = RuleConfig['type'];
