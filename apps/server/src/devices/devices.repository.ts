import type { Device } from '@ioc/contracts/device.schema';
import type { Database } from '../db/database.repository';

export interface DeviceSeed {
  id: string;
  name: string;
  kind: string;
  ward: string | null;
  lat: number | null;
  lon: number | null;
  source: string;
  expectedIntervalS: number;
  searchText: string;
}

export interface DeviceTouch {
  id: string;
  source: string;
  seenAt: string;
  searchText: string;
}

interface DeviceRow {
  id: string;
  name: string;
  kind: string;
  ward: string | null;
  lat: number | null;
  lon: number | null;
  source: string;
  expected_interval_s: number;
  status: string;
  first_seen: Date | null;
  last_seen: Date | null;
}

const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  name: r.name,
  kind: r.kind as Device['kind'],
  ward: r.ward,
  lat: r.lat,
  lon: r.lon,
  source: r.source,
  expectedIntervalS: r.expected_interval_s,
  status: r.status as Device['status'],
  firstSeen: r.first_seen?.toISOString() ?? null,
  lastSeen: r.last_seen?.toISOString() ?? null,
});

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

  /** Unknown devices register themselves on first data; known ones get last_seen and go online. */
  async touch(touches: DeviceTouch[]): Promise<void> {
    if (touches.length === 0) return;
    await this.db.pool.query(
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
  }

  async list(filter: { kind?: string; ward?: string; status?: string; q?: string } = {}): Promise<Device[]> {
    const rows = await this.db.query<DeviceRow>(
      `SELECT id, name, kind, ward, lat, lon, source, expected_interval_s, status, first_seen, last_seen
         FROM devices
        WHERE ($1::text IS NULL OR kind = $1)
          AND ($2::text IS NULL OR ward = $2)
          AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR search_text LIKE '%' || $4 || '%')
        ORDER BY id
        LIMIT 5000`,
      [filter.kind ?? null, filter.ward ?? null, filter.status ?? null, filter.q ?? null],
    );
    return rows.map(toDevice);
  }

  async get(id: string): Promise<Device | null> {
    const rows = await this.db.query<DeviceRow>(
      `SELECT id, name, kind, ward, lat, lon, source, expected_interval_s, status, first_seen, last_seen
         FROM devices WHERE id = $1`,
      [id],
    );
    return rows[0] ? toDevice(rows[0]) : null;
  }
}
