import { Injectable } from '@nestjs/common';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import { assignmentTopicUnit } from '@ioc/contracts/unit-assignment.schema';
import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { adaptMessage } from '@ioc/feeds/adapter.registry';
import type { AdapterContext } from '@ioc/feeds/adapter.types';
import { ADAPTER_NAMES } from '@ioc/feeds/adapter.types';
import { checkTimeWindow, type TimeWindow } from '@ioc/feeds/time-window.check';
import { DEFAULT_ROUTES, mergeRoutes, subscriptionFilters, type TopicRoute } from '@ioc/feeds/topic.router';
import { Inject } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { BOOT, type BootContext } from '../config/boot.context';
import { CityService } from '../devices/city.service';

const RoutesFileSchema = z.array(
  z.object({
    filter: z.string().min(1).max(1000),
    adapter: z.enum(ADAPTER_NAMES),
    retained: z.enum(['accept', 'skip']).default('skip'),
  }),
);

/** Extra routes from FEED_ROUTES_FILE, merged before the defaults; a bad file stops the server at start. */
export function loadRoutes(boot: Pick<BootContext, 'config' | 'repoRoot'>): readonly TopicRoute[] {
  const file = boot.config.FEED_ROUTES_FILE;
  if (!file) return DEFAULT_ROUTES;
  const path = resolve(boot.repoRoot, file);
  const parsed = RoutesFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`FEED_ROUTES_FILE ${path}: [${i.path.join('.')}] ${i.message}`);
  }
  return mergeRoutes(parsed.data);
}

/**
 * What the ingest takes from the broker: the routes' filters, but everything under our own `ioc/`
 * namespace as one `ioc/#` — so an unknown `ioc/...` topic reaches us and is dead-lettered ("no route")
 * instead of vanishing, and no message arrives twice through overlapping filters.
 */
export function ingestFilters(routes: readonly TopicRoute[]): string[] {
  const outside = subscriptionFilters(routes).filter((f) => !f.startsWith('ioc/'));
  return [...outside, 'ioc/#'];
}

export type RouteOutcome =
  | { kind: 'rejected'; adapter: string | null; reason: string }
  | { kind: 'ok'; adapter: string; records: NormalizedRecord[]; skipped?: string; dedupeKey?: string };

/** Topic → pure feed adapter (libs/feeds), with the context the city config gives the adapters. */
@Injectable()
export class FeedRouter {
  private readonly routes: readonly TopicRoute[];
  private readonly ctx: AdapterContext;
  private readonly window: TimeWindow;

  constructor(city: CityService, @Inject(BOOT) boot: BootContext) {
    const { cameras, units } = city.city;
    this.routes = loadRoutes(boot);
    this.window = {
      maxFutureS: boot.config.INGEST_MAX_FUTURE_S,
      retentionDays: boot.config.RETENTION_DAYS,
    };
    this.ctx = createAdapterContext({
      frigateBaseUrl: boot.config.FRIGATE_BASE_URL ?? null,
      frigateCameras: Object.fromEntries(cameras.map((c) => [c.frigateName, c.id])),
      unitTrackers: Object.fromEntries(units.map((u) => [u.tracker, u.id])),
    });
  }

  /** Broker subscriptions (see ingestFilters). */
  filters(): string[] {
    return ingestFilters(this.routes);
  }

  route(topic: string, payload: Buffer, receivedAt: Date, meta: { retained: boolean }): RouteOutcome {
    // The server's own unit assignments (UnitAssignmentPublisher) come back through `ioc/#`: not a feed.
    if (assignmentTopicUnit(topic) !== null)
      return { kind: 'ok', adapter: 'unit-assignment', records: [], skipped: 'unit assignment (server)' };
    try {
      const { adapter, result } = adaptMessage(
        topic,
        payload,
        receivedAt,
        this.ctx,
        this.routes,
        meta.retained,
      );
      if (!result.ok) return { kind: 'rejected', adapter, reason: result.reason };
      // Times outside [now − retention, now + INGEST_MAX_FUTURE_S] refuse the whole message: a year-9999
      // reading would pin the live value forever, one older than retention would be stored and then silently
      // dropped by the retention job. receivedAt is the server clock at arrival.
      const outside = checkTimeWindow(result.records, receivedAt, this.window);
      if (outside !== null) return { kind: 'rejected', adapter: adapter!, reason: outside };
      return {
        kind: 'ok',
        adapter: adapter!,
        records: result.records,
        skipped: result.skipped,
        dedupeKey: result.dedupeKey,
      };
    } catch (e) {
      // Adapters are written not to throw; this guard keeps a bug in one from stopping the ingest.
      return { kind: 'rejected', adapter: null, reason: `adapter error: ${(e as Error).message}` };
    }
  }
}
