import { Injectable } from '@nestjs/common';
import { sql, type Selectable } from 'kysely';
import type { CityUnit } from '@ioc/contracts/city.schema';
import type { Unit, UnitStatus } from '@ioc/contracts/unit.schema';
import { Database } from '../db/database.pool';
import type { UnitPositionsTable } from '../db/database.schema';
import { anyOf } from '../db/query.helpers';
import { appendLiveEvents } from '../outbox/live-events.repository';
import { UNIT_COLUMNS, unitLiveEvent, type UnitRow } from './incidents.repository';

/** A unit's latest fix (lateral subquery of `list`). */
type LatestFix = Pick<Selectable<UnitPositionsTable>, 'lat' | 'lon' | 'time'>;

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
    await this.db.kysely
      .insertInto('units')
      .values(
        units.map((u) => ({
          id: u.id,
          name: u.name,
          type: u.type,
          baseName: u.baseName,
          baseLat: u.lat,
          baseLon: u.lon,
          tracker: u.tracker,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          type: eb.ref('excluded.type'),
          baseName: eb.ref('excluded.baseName'),
          baseLat: eb.ref('excluded.baseLat'),
          baseLon: eb.ref('excluded.baseLon'),
          tracker: eb.ref('excluded.tracker'),
        })),
      )
      .execute();
  }

  /**
   * Units with their latest OwnTracks fix. The ingest stores fixes under the unit id when city.json maps
   * the tracker, under the tracker string otherwise; both are looked at (each an index-ordered scan of
   * the (unit_id, time) key, so a long history costs nothing).
   */
  async list(filter: { ids?: readonly string[]; incidentId?: string } = {}): Promise<Unit[]> {
    let q = this.db.kysely
      .selectFrom('units as u')
      .leftJoinLateral(
        // Raw SQL: two parenthesised LIMIT 1 scans under UNION ALL, which the query builder cannot express.
        sql<LatestFix>`(SELECT lat, lon, time FROM (
             (SELECT lat, lon, time FROM unit_positions WHERE unit_id = u.id ORDER BY time DESC LIMIT 1)
             UNION ALL
             (SELECT lat, lon, time FROM unit_positions WHERE unit_id = u.tracker ORDER BY time DESC LIMIT 1)
           ) x ORDER BY time DESC LIMIT 1)`.as('p'),
        (join) => join.onTrue(),
      )
      .select([
        'u.id',
        'u.name',
        'u.type',
        'u.status',
        'u.incidentId',
        'u.updatedAt',
        'p.lat',
        'p.lon',
        'p.time',
      ])
      .orderBy('u.id');
    if (filter.ids) q = q.where('u.id', '=', anyOf(filter.ids));
    if (filter.incidentId !== undefined) q = q.where('u.incidentId', '=', filter.incidentId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      type: r.type,
      status: r.status,
      lat: r.lat,
      lon: r.lon,
      positionTime: r.time?.toISOString() ?? null,
      incidentId: r.incidentId,
      statusSince: r.updatedAt.toISOString(),
    }));
  }

  /** available ⇄ off_duty by an operator; a unit working an incident is freed only by the incident. */
  async setAvailability(
    id: string,
    status: 'available' | 'off_duty',
    time: string,
  ): Promise<AvailabilityOutcome> {
    return this.db.tx(async (client, k) => {
      const cur = await k
        .selectFrom('units')
        .select(UNIT_COLUMNS)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!cur) return { ok: false, reason: 'not_found' } as const;
      if (cur.incidentId !== null)
        return { ok: false, reason: 'busy', status: cur.status, incidentId: cur.incidentId } as const;
      if (cur.status === status) return { ok: true, unit: cur } as const;
      const unit = await k
        .updateTable('units')
        .set({ status, updatedAt: time })
        .where('id', '=', id)
        .returning(UNIT_COLUMNS)
        .executeTakeFirstOrThrow();
      await appendLiveEvents(client, [unitLiveEvent(unit)]);
      return { ok: true, unit } as const;
    });
  }
}
