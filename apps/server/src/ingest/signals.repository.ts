import { Injectable } from '@nestjs/common';
import type { IncidentSignal } from '@ioc/contracts/incident-signal.schema';
import { Database } from '../db/database.pool';

export interface StoredSignal extends IncidentSignal {
  receivedAt: string;
}

/** Signals wait here (processed_at null) for the rules engine; (kind, source_id, time) dedupes redelivery. */
@Injectable()
export class SignalsRepository {
  constructor(private readonly db: Database) {}

  async insert(rows: StoredSignal[]): Promise<void> {
    if (rows.length === 0) return;
    // Raw SQL: the ingest's batch writer (unnest arrays: one statement and a fixed number of parameters
    // however large the batch, where a multi-row VALUES would need one per cell).
    await this.db.pool.query(
      `INSERT INTO incident_signals (time, kind, source_id, category, sub_category, severity, description, lat, lon,
                                     contact, photo_url, raw, source, received_at)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::float8[], $9::float8[], $10::text[], $11::text[], $12::jsonb[], $13::text[],
                            $14::timestamptz[])
       ON CONFLICT ON CONSTRAINT incident_signals_key DO NOTHING`,
      [
        rows.map((r) => r.time),
        rows.map((r) => r.kind),
        rows.map((r) => r.sourceId),
        rows.map((r) => r.category),
        rows.map((r) => r.subCategory),
        rows.map((r) => r.severity),
        rows.map((r) => r.description),
        rows.map((r) => r.lat),
        rows.map((r) => r.lon),
        rows.map((r) => r.contact),
        rows.map((r) => r.photoUrl),
        rows.map((r) => JSON.stringify(r.raw ?? null)),
        rows.map((r) => r.source),
        rows.map((r) => r.receivedAt),
      ],
    );
  }
}
