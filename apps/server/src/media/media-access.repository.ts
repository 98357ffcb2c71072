import { Injectable } from '@nestjs/common';
import type { MediaAccess, MediaAuditPage, MediaKind, MediaOutcome } from '@ioc/contracts/media.schema';
import type { Selectable } from 'kysely';
import { purgeOlderThan } from '../db/batched-purge';
import { Database } from '../db/database.pool';
import type { MediaAccessTable } from '../db/database.schema';
import { timestamptz } from '../db/query.helpers';

/** What one access records (the table's own columns: id, times and hit count, are the repository's). */
export type MediaAccessRecord = Pick<
  Selectable<MediaAccessTable>,
  'userId' | 'username' | 'role' | 'camera' | 'eventId' | 'kind' | 'outcome' | 'status'
>;

export interface MediaAuditFilter {
  user?: string;
  camera?: string;
  event?: string;
  kind?: MediaKind;
  outcome?: MediaOutcome;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** Repeated identical accesses within this window fold into one row (hits + 1). */
const FOLD_WINDOW_S = 60;

@Injectable()
export class MediaAccessRepository {
  constructor(private readonly db: Database) {}

  /**
   * Records one access. Raw SQL on purpose: "add a hit to this minute's row, else insert" is one
   * statement as a data-modifying CTE. Two concurrent first hits may make two rows: harmless for an audit.
   */
  async record(r: MediaAccessRecord): Promise<void> {
    await this.db.query(
      `WITH hit AS (
         UPDATE media_access SET hits = hits + 1, last_time = now()
          WHERE id = (SELECT id FROM media_access
                       WHERE user_id = $1 AND kind = $6 AND outcome = $7 AND status = $8
                         AND camera IS NOT DISTINCT FROM $4 AND event_id IS NOT DISTINCT FROM $5
                         AND time > now() - make_interval(secs => $9)
                       ORDER BY time DESC LIMIT 1)
         RETURNING id)
       INSERT INTO media_access (user_id, username, role, camera, event_id, kind, outcome, status)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE NOT EXISTS (SELECT 1 FROM hit)`,
      [r.userId, r.username, r.role, r.camera, r.eventId, r.kind, r.outcome, r.status, FOLD_WINDOW_S],
    );
  }

  /** Newest first, keyset-paged by id. */
  async list(f: MediaAuditFilter): Promise<MediaAuditPage> {
    let q = this.db.kysely
      .selectFrom('media_access')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(f.limit + 1);
    if (f.user !== undefined)
      q = q.where((eb) =>
        eb.or([eb('userId', '=', f.user!), eb(eb.fn('lower', ['username']), '=', f.user!.toLowerCase())]),
      );
    if (f.camera !== undefined) q = q.where('camera', '=', f.camera);
    if (f.event !== undefined) q = q.where('eventId', '=', f.event);
    if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
    if (f.outcome !== undefined) q = q.where('outcome', '=', f.outcome);
    if (f.from !== undefined) q = q.where('lastTime', '>=', timestamptz(f.from));
    if (f.to !== undefined) q = q.where('time', '<', timestamptz(f.to));
    if (f.before !== undefined) q = q.where('id', '<', String(f.before));
    const rows = await q.execute();
    const items: MediaAccess[] = rows.slice(0, f.limit).map((r) => ({
      ...r,
      id: Number(r.id),
      time: r.time.toISOString(),
      lastTime: r.lastTime.toISOString(),
    }));
    return { items, nextBefore: rows.length > f.limit ? items[items.length - 1].id : null };
  }

  /** Drops rows older than the retention in batches (a long backlog never holds one long transaction). */
  purge(retentionDays: number, batch = 10_000): Promise<number> {
    return purgeOlderThan(this.db, 'media_access', retentionDays, batch);
  }
}
