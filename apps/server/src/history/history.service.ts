import { Injectable } from '@nestjs/common';
import type {
  ReplayEvents,
  ReplayState,
  TimelineHistogram,
  TimelinePage,
  TimelineType,
} from '@ioc/contracts/history.schema';
import { TIMELINE_TYPES } from '@ioc/contracts/history.schema';
import { searchKey } from '@ioc/domain/fold-diacritics';
import { invalidInput } from '../common/http/api.errors';
import type { z } from 'zod';
import type { TimelineHistogramQuerySchema, TimelineQuerySchema } from './history.query';
import { ReplayRepository } from './replay.repository';
import { TimelineRepository, type TimelineCursor, type TimelineFilter } from './timeline.repository';

type Filters = Omit<z.infer<typeof TimelineQuerySchema>, 'cursor' | 'limit'>;

/** Default "last known" window for replayed sensor values and positions. */
export const DEFAULT_LOOKBACK_S = 24 * 3600;

export function encodeCursor(c: TimelineCursor): string {
  return Buffer.from(JSON.stringify([c.time, c.id])).toString('base64url');
}

export function decodeCursor(s: string): TimelineCursor {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:?\d\d)?|Z)$/.test(v[0])
    )
      return { time: v[0], id: v[1] };
  } catch {
    // fall through to the 400
  }
  throw invalidInput('cursor', 'is not a cursor of this timeline');
}

/** A bucket giving at most ~200 bars over the range, rounded to a readable step. */
export function autoBucket(fromMs: number, toMs: number): number {
  const steps = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400];
  const want = (toMs - fromMs) / 1000 / 200;
  return steps.find((s) => s >= want) ?? 86400;
}

@Injectable()
export class HistoryService {
  constructor(
    private readonly timelineRepo: TimelineRepository,
    private readonly replay: ReplayRepository,
  ) {}

  filter(q: Filters): TimelineFilter {
    return {
      from: q.from,
      to: q.to,
      types: q.types ?? TIMELINE_TYPES,
      severity: q.severity ?? null,
      category: q.category ?? null,
      ward: q.ward ?? null,
      bbox: q.bbox ?? null,
      device: q.device ?? null,
      words: q.q ? searchKey(q.q).split(' ').filter(Boolean) : [],
    };
  }

  async timeline(q: z.infer<typeof TimelineQuerySchema>): Promise<TimelinePage> {
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    const p = await this.timelineRepo.page(this.filter(q), after, q.limit);
    return { items: p.items, nextCursor: p.more && p.last ? encodeCursor(p.last) : null };
  }

  async histogram(q: z.infer<typeof TimelineHistogramQuerySchema>): Promise<TimelineHistogram> {
    const bucketS = q.bucket ?? autoBucket(Date.parse(q.from), Date.parse(q.to));
    if ((Date.parse(q.to) - Date.parse(q.from)) / 1000 / bucketS > 5000)
      throw invalidInput('bucket', 'gives more than 5000 bars');
    const rows = await this.timelineRepo.histogram(this.filter(q), bucketS);
    const buckets = new Map<
      number,
      { t: string; total: number; counts: Partial<Record<TimelineType, number>> }
    >();
    for (const r of rows) {
      const k = r.t.getTime();
      let b = buckets.get(k);
      if (!b) buckets.set(k, (b = { t: r.t.toISOString(), total: 0, counts: {} }));
      b.counts[r.type] = r.n;
      b.total += r.n;
    }
    return { bucketS, buckets: [...buckets.values()] as TimelineHistogram['buckets'] };
  }

  timelineRows(q: Filters) {
    return this.timelineRepo.all(this.filter(q));
  }

  async state(at: string, lookbackS = DEFAULT_LOOKBACK_S): Promise<ReplayState> {
    const iso = new Date(at).toISOString();
    const [sensors, incidents, units, cameraEvents] = await Promise.all([
      this.replay.sensors(iso, lookbackS),
      this.replay.incidents(iso),
      this.replay.units(iso, lookbackS),
      this.replay.cameraEvents(iso, lookbackS),
    ]);
    return { at: iso, sensors, incidents, units, cameraEvents };
  }

  async events(from: string, to: string, limit: number): Promise<ReplayEvents> {
    const changes = await this.replay.changes(from, to, limit);
    return { changes: changes.slice(0, limit), truncated: changes.length > limit };
  }
}
