import { Injectable } from '@nestjs/common';
import type { Role } from '@ioc/contracts/auth.schema';
import { sql } from 'kysely';
import { Database } from '../db/database.pool';

/** The current rights of the users holding live sockets (one query for all of them). */
@Injectable()
export class LiveSessionsRepository {
  constructor(private readonly db: Database) {}

  async rights(userIds: string[]): Promise<Map<string, { role: Role; active: boolean }>> {
    const rows = await this.db.kysely
      .selectFrom('users')
      .select(['id', 'role', 'active'])
      .where('id', '=', sql<string>`any(${userIds}::uuid[])`)
      .execute();
    return new Map(rows.map((r) => [r.id, { role: r.role, active: r.active }]));
  }
}
