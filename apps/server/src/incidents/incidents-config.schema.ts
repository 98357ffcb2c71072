import { z } from 'zod';
import { CapSeveritySchema, IncidentCategorySchema } from '@ioc/contracts/incident.schema';
import { UnitTypeSchema } from '@ioc/contracts/unit.schema';
import {
  DEFAULT_COMPATIBILITY,
  DEFAULT_CORRELATION_RADIUS_M,
  DEFAULT_CORRELATION_WINDOW_MIN,
} from '@ioc/domain/correlation';
import { UnitNeedSchema } from '@ioc/contracts/dispatch-plan.dto';
import { DEFAULT_UNIT_SPEED_KMH } from '@ioc/domain/dispatch.suggest';
import { DEFAULT_ARRIVAL_RADIUS_M, DEFAULT_MOVING_KMH } from '@ioc/domain/unit-arrival.rule';
import { CITY_TIME_ZONE } from '@ioc/domain/city-time';
import { isTimeZone } from '@ioc/domain/local-time';

/** Minutes after a resolution in which the same condition opening again is linked to it. */
export const DEFAULT_RELINK_WINDOW_MIN = 60;

const seconds = z
  .number()
  .int()
  .positive()
  .max(30 * 86400);
const Targets = z.object({ ackS: seconds, dispatchS: seconds, resolveS: seconds }).partial().strict();
const BySeverity = z.partialRecord(CapSeveritySchema, Targets);

const SopItem = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case slug'),
    vi: z.string().min(1).max(300),
    en: z.string().min(1).max(300),
  })
  .strict();

const NeedRule = z
  .object({
    severities: z.array(CapSeveritySchema).min(1).optional(),
    units: z.array(UnitNeedSchema).max(10),
  })
  .strict();

/**
 * infra/city/incidents.yaml (INCIDENTS_CONFIG_FILE): correlation, SLA targets, SOP checklists, unit speeds
 * and CAP sender. Every key is optional; absent ones take the libs/domain defaults.
 */
export const IncidentsConfigSchema = z
  .object({
    /** The city's IANA zone: incident ids use its local date, CAP times its offset. */
    timeZone: z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Ho_Chi_Minh')
      .default(CITY_TIME_ZONE),
    correlation: z
      .object({
        radiusM: z.number().positive().max(50_000).default(DEFAULT_CORRELATION_RADIUS_M),
        windowMin: z
          .number()
          .positive()
          .max(7 * 1440)
          .default(DEFAULT_CORRELATION_WINDOW_MIN),
        compatibility: z
          .partialRecord(IncidentCategorySchema, z.array(IncidentCategorySchema))
          .default({ ...DEFAULT_COMPATIBILITY } as Record<string, z.infer<typeof IncidentCategorySchema>[]>),
        /**
         * A new incident opened by a key whose earlier incident was resolved less than this many minutes
         * ago records it as `relatedIncidentId` (a likely recurrence: reopen or merge). 0 turns it off.
         */
        relinkWindowMin: z
          .number()
          .min(0)
          .max(7 * 1440)
          .default(DEFAULT_RELINK_WINDOW_MIN),
      })
      .strict()
      .prefault({}),
    sla: z
      .object({
        /** How often open incidents are checked against their targets. */
        checkIntervalS: z.number().int().min(1).max(3600).default(15),
        bySeverity: BySeverity.default({}),
        /** Category overrides win over severity ones. */
        byCategory: z.partialRecord(IncidentCategorySchema, BySeverity).default({}),
      })
      .strict()
      .prefault({}),
    /** Checklist per category; absent categories use the built-in ones. */
    sop: z
      .partialRecord(
        IncidentCategorySchema,
        z
          .array(SopItem)
          .min(1)
          .refine(
            (items) => new Set(items.map((i) => i.id)).size === items.length,
            'item ids must be unique',
          ),
      )
      .default({}),
    dispatch: z
      .object({
        defaultSpeedKmh: z.number().positive().max(300).default(DEFAULT_UNIT_SPEED_KMH),
        speedsKmh: z.partialRecord(UnitTypeSchema, z.number().positive().max(300)).default({}),
        /** Units each category needs (first rule matching the severity); absent categories: DEFAULT_DISPATCH_NEEDS. */
        needs: z.partialRecord(IncidentCategorySchema, z.array(NeedRule).max(10)).default({}),
        /** Unit status from tracker fixes (AVL): en route once moving, on scene within arrivalRadiusM. */
        avl: z
          .object({
            enabled: z.boolean().default(true),
            checkIntervalS: z.number().min(0.5).max(300).default(5),
            arrivalRadiusM: z.number().positive().max(2000).default(DEFAULT_ARRIVAL_RADIUS_M),
            movingKmh: z.number().positive().max(100).default(DEFAULT_MOVING_KMH),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    cap: z
      .object({
        /** CAP <sender>: no spaces, commas or '<' '&' (CAP 1.2 §3.2.1). */
        sender: z
          .string()
          .regex(/^[^\s,<&]+$/, 'must contain no spaces, commas, < or &')
          .default('ioc@example.invalid'),
        senderName: z.string().max(300).optional(),
        scope: z.enum(['Public', 'Restricted']).default('Public'),
        /** CAP <restriction> text, used when scope is Restricted. */
        restriction: z.string().max(300).optional(),
        /** Radius of the CAP <circle> around the incident, metres (default: the correlation radius). */
        areaRadiusM: z.number().positive().max(100_000).optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type IncidentsConfig = z.infer<typeof IncidentsConfigSchema>;
