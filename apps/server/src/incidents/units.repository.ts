import { Injectable } from '@nestjs/common';
import type { CityUnit } from '@ioc/contracts/city.schema';
import type { Unit, UnitStatus, UnitType } from '@ioc/contracts/unit.schema';
import { Database } from '../db/database.pool';
import { appendLiveEvents } from '../outbox/live-events.repository';
import type { UnitRow } from './incidents.repository';

interface UnitPositionRow {
  id: string;
  name: string;
  type: UnitType;
  status: UnitStatus;
  incident_id: string | null;
  lat: number | null;
  lon: number | null;
  position_time: Date | null;
  updated_at: Date;
}

const toUnit = (r: UnitPositionRow): Unit => ({
  id: r.id,
  name: r.name,
  type: r.type,
  status: r.status,
  lat: r.lat,
  lon: r.lon,
  positionTime: r.position_time?.toISOString() ?? null,
  incidentId: r.incident_id,
  statusSince: r.updated_at.toISOString(),
});

export type AvailabilityOutcome =
  | { ok: true; unit: UnitRow }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'busy'; status: UnitStatus; incidentId: string | null };

@Injectable()
export class UnitsRepository {
  constructor(private readonly db: Database) {}

  /** City config is the source of names, types and trackers; status and assignment stay as they are. */
  async upsertFromConfig(units: readonly CityUnit[]): Promise<void> {
    if (units.length === 0) return;
    await this.db.query(
      `INSERT INTO units (id, name, type, base_name, base_lat, base_lon, tracker)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, base_name = EXCLUDED.base_name,
         base_lat = EXCLUDED.base_lat, base_lon = EXCLUDED.base_lon, tracker = EXCLUDED.tracker`,
      [
        units.map((u) => u.id),
        units.map((u) => u.name),
        units.map((u) => u.type),
        units.map((u) => u.baseName),
        units.map((u) => u.lat),
        units.map((u) => u.lon),
        units.map((u) => u.tracker),
      ],
    );
  }

  /**
   * Units with their latest OwnTracks fix. The ingest stores fixes under the unit id when city.json maps
   * the tracker, under the tracker string otherwise; both are looked at (each an index-ordered scan of
   * the (unit_id, time) key, so a long history costs nothing).
   */
  async list(filter: { ids?: readonly string[]; incidentId?: string } = {}): Promise<Unit[]> {
    const rows = await this.db.query<UnitPositionRow>(
      `SELECT u.id, u.name, u.type, u.status, u.incident_id, u.updated_at, p.lat, p.lon, p.time AS position_time
         FROM units u
         LEFT JOIN LATERAL (
           SELECT lat, lon, time FROM (
             (SELECT lat, lon, time FROM unit_positions WHERE unit_id = u.id ORDER BY time DESC LIMIT 1)
             UNION ALL
             (SELECT lat, lon, time FROM unit_positions WHERE unit_id = u.tracker ORDER BY time DESC LIMIT 1)
           ) x ORDER BY time DESC LIMIT 1) p ON true
        WHERE ($1::text[] IS NULL OR u.id = ANY($1::text[]))
          AND ($2::text IS NULL OR u.incident_id = $2)
        ORDER BY u.id`,
      [filter.ids ?? null, filter.incidentId ?? null],
    );
    return rows.map(toUnit);
  }

  /** available ⇄ off_duty by an operator; a unit working an incident is freed only by the incident. */
  async setAvailability(
    id: string,
    status: 'available' | 'off_duty',
    time: string,
  ): Promise<AvailabilityOutcome> {
    return this.db.tx(async (client) => {
      const cur = (
        await client.query<UnitRow>(
          'SELECT id, name, type, status, incident_id, updated_at FROM units WHERE id = $1 FOR UPDATE',
          [id],
        )
      ).rows[0];
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (cur.incident_id !== null)
        return { ok: false, reason: 'busy', status: cur.status, incidentId: cur.incident_id } as const;
      if (cur.status === status) return { ok: true, unit: cur } as const;
      const unit = (
        await client.query<UnitRow>(
          `UPDATE units SET status = $2, updated_at = $3 WHERE id = $1
           RETURNING id, name, type, status, incident_id, updated_at`,
          [id, status, time],
        )
      ).rows[0];
      await appendLiveEvents(client, [
        {
          kind: 'unit',
          entityId: unit.id,
          op: 'status',
          payload: {
            id: unit.id,
            status: unit.status,
            incidentId: unit.incident_id,
            updatedAt: unit.updated_at.toISOString(),
          },
        },
      ]);
      return { ok: true, unit } as const;
    });
  }
}
