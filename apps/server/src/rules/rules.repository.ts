import { Injectable } from '@nestjs/common';
import type { HourlyMeanRow } from '@ioc/domain/vn-aqi.hours';
import { sql } from 'kysely';
import { Database } from '../db/database.pool';

/** Reads for rules over stored data (hourly means) and rule state shared by instances and restarts. */
@Injectable()
export class RulesRepository {
  constructor(private readonly db: Database) {}

  /** Hourly mean and sample count per metric of one device over [from, to). */
  async hourlyMeans(
    deviceId: string,
    metrics: readonly string[],
    from: Date,
    to: Date,
  ): Promise<HourlyMeanRow[]> {
    // Raw SQL: an aggregate over the readings hypertable (hand-tuned, readings has no Kysely table type).
    const rows = await this.db.query<{ metric: string; hour: Date; mean: number; n: string }>(
      `SELECT metric, date_trunc('hour', time) AS hour, avg(value) AS mean, count(value) AS n
         FROM readings
        WHERE device_id = $1 AND metric = ANY($2::text[]) AND time >= $3 AND time < $4 AND value IS NOT NULL
        GROUP BY metric, date_trunc('hour', time)`,
      [deviceId, metrics, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({
      metric: r.metric,
      hour: r.hour.getTime(),
      mean: Number(r.mean),
      count: Number(r.n),
    }));
  }

  /** Every subject's state of a rule (null when never written). */
  async ruleStates<S>(ruleId: string): Promise<Map<string, S>> {
    const rows = await this.db.kysely
      .selectFrom('rule_state')
      .select(['subject', 'state'])
      .where('ruleId', '=', ruleId)
      .execute();
    return new Map(rows.map((r) => [r.subject, r.state as S]));
  }

  /**
   * Runs `fn` holding the row lock of (rule, subject) and stores the state it returns, all in one
   * transaction: several instances evaluating the same subject take turns, and a failure inside `fn`
   * leaves the stored state as it was (the work is retried later).
   */
  async withRuleState<S, T>(
    ruleId: string,
    subject: string,
    fn: (state: S | null) => Promise<{ state: S; result: T }>,
  ): Promise<T> {
    return this.db.tx(async (_c, k) => {
      await k
        .insertInto('rule_state')
        .values({ ruleId, subject, state: 'null' })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const cur = await k
        .selectFrom('rule_state')
        .select('state')
        .where('ruleId', '=', ruleId)
        .where('subject', '=', subject)
        .forUpdate()
        .executeTakeFirst();
      const { state, result } = await fn((cur?.state as S | null | undefined) ?? null);
      await k
        .updateTable('rule_state')
        .set({ state: JSON.stringify(state), updatedAt: sql<Date>`now()` })
        .where('ruleId', '=', ruleId)
        .where('subject', '=', subject)
        .execute();
      return result;
    });
  }
}
