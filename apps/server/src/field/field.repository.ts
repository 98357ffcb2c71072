import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.pool';

/** A unit as the OwnTracks HTTP door sees it: its tracker identity and the hash of its secret. */
export interface UnitCredentials {
  id: string;
  tracker: string | null;
  trackerSecretHash: string | null;
}

/** The field tables: units' OwnTracks HTTP secrets and responders' duty changes. */
@Injectable()
export class FieldRepository {
  constructor(private readonly db: Database) {}

  async credentials(unitId: string): Promise<UnitCredentials | null> {
    const row = await this.db.kysely
      .selectFrom('units')
      .select(['id', 'tracker', 'trackerSecretHash'])
      .where('id', '=', unitId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** False when the unit does not exist. */
  async setSecretHash(unitId: string, hash: string): Promise<boolean> {
    const r = await this.db.kysely
      .updateTable('units')
      .set({ trackerSecretHash: hash })
      .where('id', '=', unitId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async recordDuty(e: {
    unitId: string;
    actor: string;
    status: 'available' | 'off_duty';
    note: string | null;
  }) {
    await this.db.kysely.insertInto('unit_duty_events').values(e).execute();
  }
}
