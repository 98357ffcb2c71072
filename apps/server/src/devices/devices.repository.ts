import { Injectable } from '@nestjs/common';
import type { Insertable, Selectable } from 'kysely';
import type { Device } from '@ioc/contracts/device.schema';
import { Database } from '../db/database.pool';
import type { DevicesTable } from '../db/database.schema';
import { anyOf, searchTextHasAll } from '../db/query.helpers';
import type { DeviceTransition } from '../committed/committed.hooks';

/*
 * Reads and the registry lookups use Kysely. The writers stay raw SQL: they run on the ingest path in
 * batches (`unnest` arrays: one statement, a fixed number of parameters however many devices, CTE chains
 * that write the device and its event together).
 */

/** What the city configuration owns of a device (written by upsertFromConfig, read back by list/get). */
export type DeviceSeed = Required<
  Pick<
    Insertable<DevicesTable>,
    'id' | 'name' | 'kind' | 'ward' | 'lat' | 'lon' | 'source' | 'expectedIntervalS' | 'searchText'
  >
>;

export interface DeviceTouch {
  id: string;
  source: string;
  seenAt: string;
  searchText: string;
}

/** The columns of the public `Device`. */
const DEVICE_COLUMNS = [
  'id',
  'name',
  'kind',
  'ward',
  'lat',
  'lon',
  'source',
  'expectedIntervalS',
  'status',
  'firstSeen',
  'lastSeen',
] as const satisfies readonly (keyof Device)[];

const toDevice = (r: Pick<Selectable<DevicesTable>, (typeof DEVICE_COLUMNS)[number]>): Device => ({
  ...r,
  firstSeen: r.firstSeen?.toISOString() ?? null,
  lastSeen: r.lastSeen?.toISOString() ?? null,
});

@Injectable()
export class DevicesRepository {
  constructor(private readonly db: Database) {}

  /** City config is the source of truth for names and places; runtime fields (seen, status) are kept. */
  async upsertFromConfig(devices: DeviceSeed[]): Promise<void> {
    if (devices.length === 0) return;
    await this.db.pool.query(
      `INSERT INTO devices (id, name, kind, ward, lat, lon, source, expected_interval_s, search_text, from_config)
       SELECT *, true FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[],
                                  $7::text[], $8::int[], $9::text[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, ward = EXCLUDED.ward,
         lat = EXCLUDED.lat, lon = EXCLUDED.lon, source = EXCLUDED.source,
         expected_interval_s = EXCLUDED.expected_interval_s, search_text = EXCLUDED.search_text,
         from_config = true`,
      [
        devices.map((d) => d.id),
        devices.map((d) => d.name),
        devices.map((d) => d.kind),
        devices.map((d) => d.ward),
        devices.map((d) => d.lat),
        devices.map((d) => d.lon),
        devices.map((d) => d.source),
        devices.map((d) => d.expectedIntervalS),
        devices.map((d) => d.searchText),
      ],
    );
  }

  /**
   * Unknown devices register themselves on first data; known ones get last_seen and go online.
   * A device coming back from offline gets an `online` device event in the same transaction.
   */
  async touch(touches: DeviceTouch[]): Promise<string[]> {
    if (touches.length === 0) return [];
    return this.db.tx(async (c) => {
      const back = await c.query<{ id: string }>(
        `WITH up AS (
           UPDATE devices SET status = 'online', status_changed_at = now()
            WHERE id = ANY($1::text[]) AND status <> 'online' RETURNING id)
         INSERT INTO device_events (time, device_id, kind, reason)
         SELECT now(), id, 'online', 'data received' FROM up RETURNING device_id AS id`,
        [touches.map((t) => t.id)],
      );
      await c.query(
        `INSERT INTO devices (id, name, source, first_seen, last_seen, status, search_text)
       SELECT id, id, source, seen, seen, 'online', search FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[])
         AS t(id, source, seen, search)
       ON CONFLICT (id) DO UPDATE SET
         last_seen = GREATEST(devices.last_seen, EXCLUDED.last_seen),
         first_seen = COALESCE(devices.first_seen, EXCLUDED.first_seen),
         status = 'online'`,
        [
          touches.map((t) => t.id),
          touches.map((t) => t.source),
          touches.map((t) => t.seenAt),
          touches.map((t) => t.searchText),
        ],
      );
      return back.rows.map((r) => r.id);
    });
  }

  /**
   * Locations reported by the devices themselves (SenML lat/lon, TTN, FIWARE); newest wins. A device of the
   * city configuration (`from_config`) keeps its configured position: its report only updates reported_*.
   */
  async updateLocations(
    rows: {
      deviceId: string;
      lat: number;
      lon: number;
      alt: number | null;
      time: string;
      source: string;
      searchText: string;
    }[],
  ): Promise<void> {
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows)
      if (!latest.has(r.deviceId) || Date.parse(latest.get(r.deviceId)!.time) < Date.parse(r.time))
        latest.set(r.deviceId, r);
    // The registry touch's lock order (by id): concurrent writers updating the same devices cannot deadlock.
    const list = [...latest.values()].sort((a, b) =>
      a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
    );
    if (list.length === 0) return;
    const params = [
      list.map((r) => r.deviceId),
      list.map((r) => r.lat),
      list.map((r) => r.lon),
      list.map((r) => r.alt),
      list.map((r) => r.time),
      list.map((r) => r.source),
      list.map((r) => r.searchText),
    ];
    await this.db.tx(async (c) => {
      await c.query(
        `INSERT INTO devices (id, name, source, lat, lon, alt, location_time, search_text)
         SELECT id, id, source, lat, lon, alt, t, search
           FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::timestamptz[], $6::text[], $7::text[])
             AS u(id, lat, lon, alt, t, source, search)
         ON CONFLICT (id) DO UPDATE SET lat = EXCLUDED.lat, lon = EXCLUDED.lon, alt = EXCLUDED.alt,
           location_time = EXCLUDED.location_time
         WHERE NOT devices.from_config
           AND (devices.location_time IS NULL OR devices.location_time < EXCLUDED.location_time)`,
        params,
      );
      await c.query(
        `UPDATE devices d SET reported_lat = u.lat, reported_lon = u.lon, reported_alt = u.alt, reported_time = u.t
           FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::timestamptz[])
             AS u(id, lat, lon, alt, t)
          WHERE d.id = u.id AND (d.reported_time IS NULL OR d.reported_time < u.t)`,
        params.slice(0, 5),
      );
    });
  }

  /**
   * A feed's own availability statement (Zigbee2MQTT availability, Frigate available). Set-based: a
   * flood of availability messages (a bridge losing its mesh) costs a few statements per batch, not two
   * per message. A device stated several times in one batch is applied in rounds, in message order, so
   * every transition of a flapping device is still recorded.
   */
  async setAvailability(
    rows: { deviceId: string; online: boolean; time: string; source: string }[],
  ): Promise<DeviceTransition[]> {
    if (rows.length === 0) return [];
    const rounds: (typeof rows)[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      const k = seen.get(r.deviceId) ?? 0;
      seen.set(r.deviceId, k + 1);
      (rounds[k] ??= []).push(r);
    }
    return this.db.tx(async (c) => {
      const transitions: DeviceTransition[] = [];
      for (const round of rounds) {
        // one lock order for every writer (see DeviceTouchThrottle)
        round.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
        const res = await c.query<{ id: string; status: 'online' | 'offline'; t: Date; source: string }>(
          `WITH input AS (
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, source, status, t)),
           changed AS (
             INSERT INTO devices (id, name, source, status, status_changed_at, search_text)
             SELECT id, id, source, status, t, id FROM input ORDER BY id
             ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_changed_at = EXCLUDED.status_changed_at
             WHERE devices.status IS DISTINCT FROM EXCLUDED.status
             RETURNING id, status, status_changed_at),
           ev AS (
             INSERT INTO device_events (time, device_id, kind, reason)
             SELECT c.status_changed_at, c.id, c.status, i.source || ' availability' FROM changed c JOIN input i USING (id))
           SELECT c.id, c.status, c.status_changed_at AS t, i.source FROM changed c JOIN input i USING (id)`,
          [
            round.map((r) => r.deviceId),
            round.map((r) => r.source),
            round.map((r) => (r.online ? 'online' : 'offline')),
            round.map((r) => r.time),
          ],
        );
        for (const r of res.rows)
          transitions.push({
            deviceId: r.id,
            status: r.status,
            time: r.t.toISOString(),
            reason: `${r.source} availability`,
            source: r.source,
          });
      }
      return transitions;
    });
  }

  /**
   * Devices silent for 3x their expected interval go offline (with an event). Guarded by an
   * advisory lock so several ingest instances do not record the same transition twice.
   */
  async markSilentOffline(): Promise<DeviceTransition[]> {
    return this.db.tx(async (c) => {
      const lock = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(7243502) AS ok');
      if (!lock.rows[0].ok) return [];
      const res = await c.query<{ id: string; time: Date; reason: string; source: string }>(
        `WITH gone AS (
           UPDATE devices SET status = 'offline', status_changed_at = now()
            WHERE status = 'online' AND last_seen < now() - make_interval(secs => expected_interval_s * 3)
            RETURNING id, source, expected_interval_s),
         ev AS (
           INSERT INTO device_events (time, device_id, kind, reason)
           SELECT now(), id, 'offline', 'no data for ' || (expected_interval_s * 3) || ' s (3x expected interval)'
             FROM gone
           RETURNING device_id, time, reason)
         SELECT ev.device_id AS id, ev.time, ev.reason, gone.source FROM ev JOIN gone ON gone.id = ev.device_id`,
      );
      return res.rows.map((r) => ({
        deviceId: r.id,
        status: 'offline' as const,
        time: r.time.toISOString(),
        reason: r.reason,
        source: r.source,
      }));
    });
  }

  /** Every id in the registry (the ingest's admission starts from it). */
  async allIds(): Promise<string[]> {
    const rows = await this.db.kysely.selectFrom('devices').select('id').execute();
    return rows.map((r) => r.id);
  }

  /** The ids of these that are in the registry. */
  async existing(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.kysely
      .selectFrom('devices')
      .select('id')
      .where('id', '=', anyOf(ids))
      .execute();
    return rows.map((r) => r.id);
  }

  /** Devices that registered themselves (not from city.json), per feed. */
  async selfRegisteredByFeed(): Promise<Map<string, number>> {
    const rows = await this.db.kysely
      .selectFrom('devices')
      .select((eb) => ['source', eb.fn.countAll<string>().as('n')])
      .where('fromConfig', '=', false)
      .groupBy('source')
      .execute();
    return new Map(rows.map((r) => [r.source, Number(r.n)]));
  }

  async list(
    filter: { kind?: string; ward?: string; status?: string; q?: string; words?: string[] } = {},
  ): Promise<Device[]> {
    let q = this.db.kysely.selectFrom('devices').select(DEVICE_COLUMNS).orderBy('id').limit(5000);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind as Device['kind']);
    if (filter.ward !== undefined) q = q.where('ward', '=', filter.ward);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status as Device['status']);
    if (filter.words) q = q.where(searchTextHasAll(filter.words));
    return (await q.execute()).map(toDevice);
  }

  async get(id: string): Promise<Device | null> {
    const row = await this.db.kysely
      .selectFrom('devices')
      .select(DEVICE_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDevice(row) : null;
  }
}
