import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import { BOOT, type BootContext } from '../config/boot.context';
import { CityService } from './city.service';
import { DevicesRepository } from './devices.repository';

/** The device a record would register in the registry, and its feed (null: the record registers none). */
function deviceOf(r: NormalizedRecord): { id: string; feed: string } | null {
  switch (r.type) {
    case 'reading':
      return { id: r.reading.deviceId, feed: r.reading.source };
    case 'camera_event':
      return { id: r.event.camera, feed: 'frigate' };
    case 'availability':
      return { id: r.availability.deviceId, feed: r.availability.source };
    case 'device_location':
      return { id: r.location.deviceId, feed: r.location.source };
    default:
      return null;
  }
}

export interface AdmissionStats {
  /** New devices admitted (they register themselves with their first data). */
  admitted: number;
  /** Messages dead-lettered because they would register a device beyond their feed's cap. */
  refused: number;
  /** Registry look-ups of ids over the cap (another instance may have registered them). */
  lookups: number;
}

const REFRESH_MS = 30_000;

/**
 * Bounds self-registration (issue 14): a device not in the registry registers itself with its first
 * data only while its feed holds fewer than DEVICE_AUTOREGISTER_MAX(_BY_FEED) self-registered devices;
 * beyond, its messages are dead letters (`device_cap`) — visible to supervisors, nothing stored or
 * acknowledged silently. Known ids pass synchronously (a set of the registry's ids, loaded at start).
 *
 * Several ingest instances each count from the registry (refreshed every 30 s) plus what they admitted
 * since, so together they may overshoot a cap by what they admit within one refresh. An id over the cap
 * is always looked up in the registry before it is refused, so a device another instance registered is
 * never refused here.
 */
@Injectable()
export class DeviceAdmissionService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('devices');
  private readonly known = new Set<string>();
  /** Self-registered devices per feed, as this instance sees them. */
  private counts = new Map<string, number>();
  /** Admitted since the last refresh started (not necessarily written yet). */
  private sinceRefresh = new Map<string, number>();
  private readonly lookups: { ids: string[]; resolve: (missing: string[]) => void }[] = [];
  private lookupTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private loaded: Promise<void> | null = null;
  private ready = false;
  /** Messages waiting for a registry look-up (the ingest's flow gate counts them). */
  waiting = 0;
  readonly stats: AdmissionStats = { admitted: 0, refused: 0, lookups: 0 };

  constructor(
    private readonly repo: DevicesRepository,
    private readonly city: CityService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
    this.refreshTimer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }

  /** Resolves once no message waits for a registry look-up (ingest drain: tests and shutdown). */
  async idle(): Promise<void> {
    while (this.waiting > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** The most self-registered devices this feed may hold. */
  capOf(feed: string): number {
    const byFeed = this.boot.config.DEVICE_AUTOREGISTER_BY_FEED as Record<string, number | undefined>;
    return byFeed[feed] ?? this.boot.config.DEVICE_AUTOREGISTER_MAX;
  }

  /**
   * May this message's records be stored? `true` at once for known devices and new ones within their
   * feed's cap; otherwise a promise of null (stored after all: the registry knew them) or the dead-letter
   * reason. Never rejects.
   */
  admit(records: readonly NormalizedRecord[]): true | Promise<string | null> {
    if (!this.ready) {
      this.waiting++;
      return this.load().then(() => {
        this.waiting--;
        const d = this.decide(records);
        return d === true ? null : d;
      });
    }
    return this.decide(records);
  }

  private decide(records: readonly NormalizedRecord[]): true | Promise<string | null> {
    let fresh: Map<string, string> | null = null;
    for (const r of records) {
      const d = deviceOf(r);
      if (d && !this.known.has(d.id)) (fresh ??= new Map()).set(d.id, d.feed);
    }
    if (!fresh) return true;
    const perFeed = new Map<string, string[]>();
    for (const [id, feed] of fresh) perFeed.set(feed, [...(perFeed.get(feed) ?? []), id]);
    const over: string[] = [];
    for (const [feed, ids] of perFeed)
      if ((this.counts.get(feed) ?? 0) + ids.length > this.capOf(feed)) over.push(...ids);
    if (over.length === 0) {
      this.register(fresh);
      return true;
    }
    this.waiting++;
    return this.lookup(over).then((missing) => {
      this.waiting--;
      if (missing.length === 0) {
        this.register(new Map([...fresh].filter(([id]) => !this.known.has(id))));
        return null;
      }
      return this.refuse(missing[0], fresh.get(missing[0])!);
    });
  }

  private register(fresh: Map<string, string>): void {
    for (const [id, feed] of fresh) {
      this.known.add(id);
      this.counts.set(feed, (this.counts.get(feed) ?? 0) + 1);
      this.sinceRefresh.set(feed, (this.sinceRefresh.get(feed) ?? 0) + 1);
      this.stats.admitted++;
    }
  }

  private refuse(id: string, feed: string): string {
    this.stats.refused++;
    const cap = this.capOf(feed);
    if (this.stats.refused === 1 || this.stats.refused % 1000 === 0)
      this.log.warn(
        `new devices beyond the ${feed} cap (${cap}) are dead-lettered: ${this.stats.refused} messages so far`,
      );
    return (
      `device_cap: "${id}" is not registered and ${feed} already has ${this.counts.get(feed) ?? 0} ` +
      `self-registered devices (cap ${cap}, DEVICE_AUTOREGISTER_MAX / DEVICE_AUTOREGISTER_BY_FEED); ` +
      `add the device to city.json or raise the cap`
    );
  }

  /**
   * Which of these ids are not in the registry; batched (one query per 10 ms for every message waiting),
   * retried until the database answers.
   */
  private lookup(ids: string[]): Promise<string[]> {
    return new Promise((resolve) => {
      this.lookups.push({ ids, resolve });
      this.lookupTimer ??= setTimeout(() => void this.runLookups(), 10);
    });
  }

  private async runLookups(): Promise<void> {
    const batch = this.lookups.splice(0);
    const ids = [...new Set(batch.flatMap((b) => b.ids))];
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      for (let attempt = 0; ; attempt++) {
        try {
          this.stats.lookups++;
          for (const id of await this.repo.existing(chunk)) found.add(id);
          break;
        } catch (e) {
          // Unreachable database: the messages stay unacknowledged meanwhile; never refuse on a guess.
          if (attempt % 20 === 0) this.log.warn(`device look-up failed, retrying: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
        }
      }
    }
    for (const id of found) this.known.add(id);
    for (const b of batch) b.resolve(b.ids.filter((id) => !found.has(id)));
    this.lookupTimer = null;
    if (this.lookups.length) this.lookupTimer = setTimeout(() => void this.runLookups(), 10);
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          for (const id of await this.repo.allIds()) this.known.add(id);
          break;
        } catch (e) {
          if (attempt % 20 === 0)
            this.log.warn(`loading the registry failed, retrying: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(attempt, 6))));
        }
      }
      for (const s of this.city.city.sensors) this.known.add(s.id);
      for (const c of this.city.city.cameras) this.known.add(c.id);
      await this.refresh().catch(() => undefined);
      this.ready = true;
    })();
    return this.loaded;
  }

  /** Counts from the registry (every instance's registrations) plus what this one admitted meanwhile. */
  private async refresh(): Promise<void> {
    const since = new Map<string, number>();
    const previous = this.sinceRefresh;
    this.sinceRefresh = since;
    try {
      const db = await this.repo.selfRegisteredByFeed();
      const counts = new Map(db);
      for (const [feed, n] of since) counts.set(feed, (counts.get(feed) ?? 0) + n);
      this.counts = counts;
    } catch (e) {
      // keep counting from what we had; nothing admitted is forgotten
      for (const [feed, n] of previous) since.set(feed, (since.get(feed) ?? 0) + n);
      throw e;
    }
  }
}
