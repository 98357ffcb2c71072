import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.pool';

/** The channel live instances LISTEN on for users whose rights changed (payload: the user id). */
export const USER_SESSIONS_CHANNEL = 'ioc_user_sessions';

/**
 * The hook an account change fires: a user deactivated or given another role must not keep a live socket
 * opened with the old rights. The instances share only the database, so the event is a NOTIFY that every
 * live instance receives (live/live-sessions.service.ts closes that user's sockets; a client with a still
 * valid account reconnects and is authorised afresh).
 */
@Injectable()
export class UserSessionsRepository {
  constructor(private readonly db: Database) {}

  async changed(userId: string): Promise<void> {
    // Raw SQL: a NOTIFY touches no table, nothing for the query builder to type.
    await this.db.query(`SELECT pg_notify($1, $2)`, [USER_SESSIONS_CHANNEL, userId]);
  }
}
