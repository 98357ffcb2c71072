import { Injectable } from '@nestjs/common';
import type { UnitPosition } from '@ioc/contracts/unit-position.schema';
import { Database } from '../db/database.pool';

export interface StoredUnitPosition extends UnitPosition {
  receivedAt: string;
}

@Injectable()
export class UnitPositionsRepository {
  constructor(private readonly db: Database) {}

  async insert(rows: StoredUnitPosition[]): Promise<void> {
    if (rows.length === 0) return;
    // Raw SQL: the ingest's batch writer (unnest arrays: one statement and a fixed number of parameters
    // however large the batch, where a multi-row VALUES would need one per cell).
    await this.db.pool.query(
      `INSERT INTO unit_positions (time, unit_id, tracker, lat, lon, accuracy, speed, heading, battery, altitude, source,
                                   received_at)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
                            $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::text[], $12::timestamptz[])
       ON CONFLICT ON CONSTRAINT unit_positions_unit_time_key DO NOTHING`,
      [
        rows.map((r) => r.time),
        rows.map((r) => r.unitId),
        rows.map((r) => r.tracker),
        rows.map((r) => r.lat),
        rows.map((r) => r.lon),
        rows.map((r) => r.accuracy),
        rows.map((r) => r.speed),
        rows.map((r) => r.heading),
        rows.map((r) => r.battery),
        rows.map((r) => r.altitude),
        rows.map((r) => r.source),
        rows.map((r) => r.receivedAt),
      ],
    );
  }
}
