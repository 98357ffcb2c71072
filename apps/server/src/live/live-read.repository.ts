// Raw SQL on purpose (no Kysely): a bounded index scan of the outbox; one trivial devices read beside it.
import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.pool';

/** What a reconnecting client missed, counted up to a cap (the replay bound decides on it). */
export interface ReplayWindow {
  /** Events after the cursor, counted up to the cap it was asked with. */
  count: number;
  /** Time of the oldest missed event (null when none). */
  firstTime: string | null;
}

/** Reads for the live role beyond the outbox tail itself (LiveEventsRepository.since). */
@Injectable()
export class LiveReadRepository {
  constructor(private readonly db: Database) {}

  /** Counts at most `cap` rows: a client far behind costs one bounded index scan, not a full count. */
  async replayWindow(after: number, cap: number): Promise<ReplayWindow> {
    const rows = await this.db.query<{ n: number; first: Date | null }>(
      `SELECT count(*)::int AS n, min(time) AS first
         FROM (SELECT time FROM live_events WHERE seq > $1 ORDER BY seq LIMIT $2) s`,
      [after, cap],
    );
    return { count: rows[0]?.n ?? 0, firstTime: rows[0]?.first?.toISOString() ?? null };
  }

  /** Where devices (sensors, cameras) are, for bbox subscriptions. */
  async deviceLocations(): Promise<{ id: string; lat: number; lon: number }[]> {
    return this.db.query<{ id: string; lat: number; lon: number }>(
      'SELECT id, lat, lon FROM devices WHERE lat IS NOT NULL AND lon IS NOT NULL',
    );
  }
}
