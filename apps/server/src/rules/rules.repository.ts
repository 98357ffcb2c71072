import { Injectable } from '@nestjs/common';
import type { HourlyMeanRow } from '@ioc/domain/vn-aqi.hours';
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
    const rows = await this.db.query<{ subject: string; state: S }>(
      'SELECT subject, state FROM rule_state WHERE rule_id = $1',
      [ruleId],
    );
    return new Map(rows.map((r) => [r.subject, r.state]));
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
    return this.db.tx(async (c) => {
      await c.query(
        `INSERT INTO rule_state (rule_id, subject, state) VALUES ($1, $2, 'null'::jsonb) ON CONFLICT DO NOTHING`,
        [ruleId, subject],
      );
      const cur = await c.query<{ state: S | null }>(
        'SELECT state FROM rule_state WHERE rule_id = $1 AND subject = $2 FOR UPDATE',
        [ruleId, subject],
      );
      const { state, result } = await fn(cur.rows[0]?.state ?? null);
      await c.query(
        'UPDATE rule_state SET state = $3::jsonb, updated_at = now() WHERE rule_id = $1 AND subject = $2',
        [ruleId, subject, JSON.stringify(state)],
      );
      return result;
    });
  }
}
