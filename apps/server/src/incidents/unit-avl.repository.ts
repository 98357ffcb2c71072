import { Injectable } from '@nestjs/common';
import type { UnitStatus } from '@ioc/contracts/unit.schema';
import { Database } from '../db/database.pool';

export interface AvlCandidate {
  unitId: string;
  status: UnitStatus;
  incidentId: string;
  incidentLat: number;
  incidentLon: number;
  lat: number;
  lon: number;
  /** km/h, null when the tracker does not report it. */
  speed: number | null;
  time: Date;
}

interface Row {
  id: string;
  status: UnitStatus;
  incident_id: string;
  incident_lat: number;
  incident_lon: number;
  lat: number;
  lon: number;
  speed: number | null;
  time: Date;
}

@Injectable()
export class UnitAvlRepository {
  constructor(private readonly db: Database) {}

  /**
   * Units on their way to an incident with a position, whose latest fix is newer than their last status
   * change (so a fix from before the dispatch never counts). Fixes are stored under the unit id or the
   * tracker string (units.repository.ts): both are looked at.
   */
  async candidates(): Promise<AvlCandidate[]> {
    const rows = await this.db.query<Row>(
      `SELECT u.id, u.status, u.incident_id, i.lat AS incident_lat, i.lon AS incident_lon,
              p.lat, p.lon, p.speed, p.time
         FROM units u
         JOIN incidents i ON i.id = u.incident_id
         CROSS JOIN LATERAL (
           SELECT lat, lon, speed, time FROM (
             (SELECT lat, lon, speed, time FROM unit_positions WHERE unit_id = u.id ORDER BY time DESC LIMIT 1)
             UNION ALL
             (SELECT lat, lon, speed, time FROM unit_positions WHERE unit_id = u.tracker ORDER BY time DESC LIMIT 1)
           ) x ORDER BY time DESC LIMIT 1) p
        WHERE u.status IN ('dispatched', 'en_route')
          AND i.lat IS NOT NULL AND i.lon IS NOT NULL
          AND p.time > u.updated_at
        ORDER BY u.id`,
    );
    return rows.map((r) => ({
      unitId: r.id,
      status: r.status,
      incidentId: r.incident_id,
      incidentLat: r.incident_lat,
      incidentLon: r.incident_lon,
      lat: r.lat,
      lon: r.lon,
      speed: r.speed,
      time: r.time,
    }));
  }
}
