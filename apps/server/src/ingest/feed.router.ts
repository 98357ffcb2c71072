import { Injectable } from '@nestjs/common';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { adaptMessage } from '@ioc/feeds/adapter.registry';
import type { AdapterContext } from '@ioc/feeds/adapter.types';
import { DEFAULT_ROUTES, subscriptionFilters, type TopicRoute } from '@ioc/feeds/topic.router';
import { CityService } from '../devices/city.service';

export type RouteOutcome =
  | { kind: 'rejected'; adapter: string | null; reason: string }
  | { kind: 'ok'; adapter: string; records: NormalizedRecord[]; skipped?: string; dedupeKey?: string };

/** Topic → pure feed adapter (libs/feeds), with the context the city config gives the adapters. */
@Injectable()
export class FeedRouter {
  private readonly routes: readonly TopicRoute[] = DEFAULT_ROUTES;
  private readonly ctx: AdapterContext;

  constructor(city: CityService) {
    const { cameras, units } = city.city;
    this.ctx = createAdapterContext({
      frigateCameras: Object.fromEntries(cameras.map((c) => [c.frigateName, c.id])),
      unitTrackers: Object.fromEntries(units.map((u) => [u.tracker, u.id])),
    });
  }

  /**
   * Broker subscriptions: the routes' filters, but everything under our own `ioc/` namespace as one
   * `ioc/#` — so an unknown `ioc/...` topic reaches us and is dead-lettered ("no route") instead of
   * vanishing, and no message arrives twice through overlapping filters.
   */
  filters(): string[] {
    const outside = subscriptionFilters(this.routes).filter((f) => !f.startsWith('ioc/'));
    return [...outside, 'ioc/#'];
  }

  route(topic: string, payload: Buffer, receivedAt: Date, meta: { retained: boolean }): RouteOutcome {
    try {
      const { adapter, result } = adaptMessage(topic, payload, receivedAt, this.ctx, this.routes, meta.retained);
      if (!result.ok) return { kind: 'rejected', adapter, reason: result.reason };
      return { kind: 'ok', adapter: adapter!, records: result.records, skipped: result.skipped, dedupeKey: result.dedupeKey };
    } catch (e) {
      // Adapters are written not to throw; this guard keeps a bug in one from stopping the ingest.
      return { kind: 'rejected', adapter: null, reason: `adapter error: ${(e as Error).message}` };
    }
  }
}
