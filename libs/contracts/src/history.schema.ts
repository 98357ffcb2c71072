import { z } from 'zod';
import { SensorStateSchema } from './sensor-state.schema';

/** What the history timeline lists: incident transitions, camera events, threshold crossings, device
 * online/offline, unit status changes. */
export const TIMELINE_TYPES = ['incident', 'camera', 'threshold', 'device', 'unit'] as const;
export const TimelineTypeSchema = z.enum(TIMELINE_TYPES);
export type TimelineType = z.infer<typeof TimelineTypeSchema>;

export const TimelineItemSchema = z.object({
  /** `<type>:<source id>`, unique across the timeline; (time, id) is the sort key. */
  id: z.string(),
  time: z.string(),
  type: TimelineTypeSchema,
  /** open/ack/…/escalate, camera label, reading/aqi/flood_level, online/offline, unit status. */
  action: z.string(),
  /** Vietnamese (the default UI language); `titleEn` its English twin where the source has one. */
  title: z.string(),
  titleEn: z.string().nullable(),
  severity: z.string().nullable(),
  category: z.string().nullable(),
  ward: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  deviceId: z.string().nullable(),
  incidentId: z.string().nullable(),
  unitId: z.string().nullable(),
});
export type TimelineItem = z.infer<typeof TimelineItemSchema>;

export const TimelinePageSchema = z.object({
  items: z.array(TimelineItemSchema),
  /** Pass as `cursor` for the next page; null at the end of the range. */
  nextCursor: z.string().nullable(),
});
export type TimelinePage = z.infer<typeof TimelinePageSchema>;

export const TimelineHistogramSchema = z.object({
  bucketS: z.number(),
  buckets: z.array(z.object({ t: z.string(), total: z.number(), counts: z.record(z.string(), z.number()) })),
});
export type TimelineHistogram = z.infer<typeof TimelineHistogramSchema>;

export const ReplayIncidentSchema = z.object({
  id: z.string(),
  status: z.string(),
  severity: z.string(),
  category: z.string(),
  title: z.string(),
  titleEn: z.string().nullable(),
  ward: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  openedAt: z.string(),
  /** When it took the status/severity it had at T. */
  since: z.string(),
});
export type ReplayIncident = z.infer<typeof ReplayIncidentSchema>;

export const ReplayUnitSchema = z.object({
  id: z.string(),
  status: z.string(),
  incidentId: z.string().nullable(),
  /** Last GPS fix at or before T within the lookback, else null. */
  position: z
    .object({ lat: z.number(), lon: z.number(), time: z.string(), heading: z.number().nullable() })
    .nullable(),
});
export type ReplayUnit = z.infer<typeof ReplayUnitSchema>;

export const ReplayCameraEventSchema = z.object({
  id: z.string(),
  camera: z.string(),
  label: z.string(),
  startTime: z.string(),
  endTime: z.string().nullable(),
  score: z.number().nullable(),
});

export const ReplayStateSchema = z.object({
  at: z.string(),
  sensors: z.array(SensorStateSchema),
  incidents: z.array(ReplayIncidentSchema),
  units: z.array(ReplayUnitSchema),
  cameraEvents: z.array(ReplayCameraEventSchema),
});
export type ReplayState = z.infer<typeof ReplayStateSchema>;

/** One change to apply when stepping a replay forward from one time to the next. */
export const ReplayChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('reading'),
    time: z.string(),
    deviceId: z.string(),
    metric: z.string(),
    value: z.number(),
    unit: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('incident'),
    time: z.string(),
    id: z.string(),
    status: z.string(),
    severity: z.string(),
  }),
  z.object({
    kind: z.literal('unit'),
    time: z.string(),
    id: z.string(),
    status: z.string(),
    incidentId: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('position'),
    time: z.string(),
    id: z.string(),
    lat: z.number(),
    lon: z.number(),
    heading: z.number().nullable(),
  }),
  z.object({
    kind: z.literal('camera_start'),
    time: z.string(),
    id: z.string(),
    camera: z.string(),
    label: z.string(),
  }),
  z.object({ kind: z.literal('camera_end'), time: z.string(), id: z.string() }),
]);
export type ReplayChange = z.infer<typeof ReplayChangeSchema>;

export const ReplayEventsSchema = z.object({
  changes: z.array(ReplayChangeSchema),
  /** True when the limit cut the list; ask again from the last change's time. */
  truncated: z.boolean(),
});
export type ReplayEvents = z.infer<typeof ReplayEventsSchema>;

const SlaStageReportSchema = z.object({
  met: z.number(),
  breached: z.number(),
  open: z.number(),
  /** met / (met + breached) in %, null when no incident reached or missed the stage. */
  compliance: z.number().nullable(),
});

/** GET /api/history/daily-report: one city-local day. */
export const DailyReportSchema = z.object({
  date: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  incidents: z.object({
    total: z.number(),
    byCategory: z.record(z.string(), z.number()),
    bySeverity: z.record(z.string(), z.number()),
    byWard: z.array(z.object({ ward: z.string().nullable(), count: z.number() })),
    /** Incidents opened in each hour of the day (index 0 = from local midnight; 23–25 entries). */
    byHour: z.array(z.number()),
    /** The incidents of the day, oldest first (at most REPORT_LIST_MAX; `listTruncated` when more). */
    list: z.array(
      z.object({
        id: z.string(),
        openedAt: z.string(),
        title: z.string(),
        titleEn: z.string().nullable(),
        category: z.string(),
        severity: z.string(),
        status: z.string(),
        ward: z.string().nullable(),
      }),
    ),
    listTruncated: z.boolean(),
  }),
  sla: z.object({ ack: SlaStageReportSchema, dispatch: SlaStageReportSchema, resolve: SlaStageReportSchema }),
  /** Mean seconds from opening, over the incidents that reached the stage. */
  meanTimesS: z.object({
    ack: z.number().nullable(),
    dispatch: z.number().nullable(),
    resolve: z.number().nullable(),
  }),
  topOfflineDevices: z.array(
    z.object({
      deviceId: z.string(),
      name: z.string().nullable(),
      ward: z.string().nullable(),
      offlineEvents: z.number(),
      offlineS: z.number(),
    }),
  ),
  vnAqi: z.array(
    z.object({
      deviceId: z.string(),
      name: z.string().nullable(),
      ward: z.string().nullable(),
      hours: z.number(),
      meanAqi: z.number(),
      maxAqi: z.number(),
      maxBand: z.string(),
      maxHour: z.string(),
    }),
  ),
});
export type DailyReport = z.infer<typeof DailyReportSchema>;
