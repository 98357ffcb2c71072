import { z } from 'zod';
import { TimelineTypeSchema } from '@ioc/contracts/history.schema';
import { CapSeveritySchema, IncidentCategorySchema } from '@ioc/contracts/incident.schema';
import { BBox, Bucket, IsoTime, multi } from '../common/http/query.schema';

/** Longest range one history query may cover: a month and a bit (the daily/monthly review). */
export const MAX_RANGE_MS = 32 * 24 * 3600 * 1000;

const range = <T extends { from: string; to: string }>(q: T, ctx: z.core.$RefinementCtx<T>) => {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (from >= to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
  else if (to - from > MAX_RANGE_MS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be at most 32 days after from' });
};

const timelineFilters = {
  from: IsoTime,
  to: IsoTime,
  types: multi(TimelineTypeSchema),
  severity: multi(CapSeveritySchema),
  category: multi(IncidentCategorySchema),
  ward: multi(z.string().min(1).max(100)),
  bbox: BBox.optional(),
  device: z.string().min(1).max(200).optional(),
  q: z.string().max(200).optional(),
};

/** GET /api/timeline; unknown parameters are refused (a typo must not silently widen the list). */
export const TimelineQuerySchema = z
  .object({
    ...timelineFilters,
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict()
  .superRefine(range);
export type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

/** GET /api/timeline/histogram */
export const TimelineHistogramQuerySchema = z
  .object({ ...timelineFilters, bucket: Bucket.optional() })
  .strict()
  .superRefine(range);

/** GET /api/timeline.csv: the same filters, every row of the range (streamed). */
export const TimelineCsvQuerySchema = z.object(timelineFilters).strict().superRefine(range);

/** GET /api/replay/state */
export const ReplayStateQuerySchema = z
  .object({
    at: IsoTime,
    /** How far back a sensor value or unit position still counts as "last known" (default 24 h). */
    lookback: Bucket.optional(),
  })
  .strict();

/** GET /api/replay/events */
export const ReplayEventsQuerySchema = z
  .object({
    from: IsoTime,
    to: IsoTime,
    limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
  })
  .strict()
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { path: ['from'], message: 'must be before to' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 24 * 3600 * 1000, {
    path: ['to'],
    message: 'must be at most 24 hours after from',
  });

/** GET /api/readings.csv */
export const ReadingsCsvQuerySchema = z
  .object({
    from: IsoTime,
    to: IsoTime,
    device: multi(z.string().min(1).max(200)),
    metric: multi(z.string().min(1).max(100)),
  })
  .strict()
  .superRefine(range);

/** GET /api/incidents-cap: the incidents opened in a range (or named), as a CAP bundle. */
export const CapBundleQuerySchema = z
  .object({
    from: IsoTime.optional(),
    to: IsoTime.optional(),
    ids: multi(z.string().min(1).max(64)),
    category: multi(IncidentCategorySchema),
    ward: multi(z.string().min(1).max(100)),
  })
  .strict()
  .refine((q) => (q.ids ? true : q.from !== undefined && q.to !== undefined), {
    path: ['from'],
    message: 'from and to are required unless ids is given',
  });

/** GET /api/reports/daily */
export const DailyReportQuerySchema = z
  .object({ date: z.iso.date({ message: 'must be a date YYYY-MM-DD' }) })
  .strict();
