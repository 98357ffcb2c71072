// Raw SQL on purpose (no Kysely): a hand-tuned claim queue (SKIP LOCKED batches on incident_signals).
import { Injectable } from '@nestjs/common';
import type { CapSeverity } from '@ioc/contracts/incident.schema';
import type { PoolClient } from 'pg';
import { Database } from '../db/database.pool';
import type { IncidentProposal } from '../incidents/incident-proposal.types';
import type { SignalFact } from './proposal.factory';

/**
 * A queued signal: a FIWARE Alert or a citizen report, or (`proposal`) a rules-engine proposal that
 * waits here because the engine's in-memory queue was full or its raise failed (the proposal itself in
 * `proposal`, from the row's `raw`).
 */
export interface QueuedSignal extends Omit<SignalFact, 'kind'> {
  kind: SignalFact['kind'] | 'proposal';
  attempts: number;
  proposal: unknown;
}

/** Outcome recorders for claimed signals; they write in the claiming transaction. */
export interface SignalMarker {
  /** Processed: it opened or joined this incident (null: no rule wanted it). */
  done(s: QueuedSignal, incidentId: string | null): Promise<void>;
  /** Failed this time; `giveUp` marks it processed anyway so a poison signal cannot block the queue. */
  failed(s: QueuedSignal, error: string, giveUp: boolean): Promise<void>;
}

interface Row {
  kind: QueuedSignal['kind'];
  source_id: string;
  time: Date;
  category: string;
  sub_category: string | null;
  severity: string;
  description: string;
  lat: number | null;
  lon: number | null;
  contact: string | null;
  photo_url: string | null;
  attempts: number;
  processed_at: Date | null;
  incident_id: string | null;
  proposal: unknown;
}

const COLUMNS = `kind, source_id, time, category, sub_category, severity, description, lat, lon, contact,
                 photo_url, attempts, processed_at, incident_id,
                 CASE WHEN kind = 'proposal' THEN raw END AS proposal`;

const toSignal = (r: Row): QueuedSignal => ({
  kind: r.kind,
  sourceId: r.source_id,
  time: r.time.toISOString(),
  category: r.category,
  subCategory: r.sub_category,
  severity: r.severity as CapSeverity,
  description: r.description,
  lat: r.lat,
  lon: r.lon,
  contact: r.contact,
  photoUrl: r.photo_url,
  attempts: r.attempts,
  proposal: r.proposal ?? null,
});

function marker(c: PoolClient): SignalMarker {
  const key = (s: QueuedSignal) => [s.kind, s.sourceId, s.time];
  return {
    done: async (s, incidentId) => {
      await c.query(
        `UPDATE incident_signals SET processed_at = now(), incident_id = $4, last_error = NULL
          WHERE kind = $1 AND source_id = $2 AND time = $3`,
        [...key(s), incidentId],
      );
    },
    failed: async (s, error, giveUp) => {
      await c.query(
        `UPDATE incident_signals SET attempts = attempts + 1, last_error = left($4, 2000),
                processed_at = CASE WHEN $5 THEN now() ELSE NULL END
          WHERE kind = $1 AND source_id = $2 AND time = $3`,
        [...key(s), error, giveUp],
      );
    },
  };
}

/**
 * incident_signals as a work queue: unprocessed rows in time order, claimed with FOR UPDATE SKIP LOCKED
 * so several instances share the queue without taking the same signal twice; the outcome is written in
 * the claiming transaction.
 */
@Injectable()
export class SignalQueueRepository {
  constructor(private readonly db: Database) {}

  async withClaimed<T>(
    limit: number,
    fn: (signals: QueuedSignal[], mark: SignalMarker) => Promise<T>,
  ): Promise<T> {
    return this.db.tx(async (c) => {
      const res = await c.query<Row>(
        `SELECT ${COLUMNS} FROM incident_signals
          WHERE processed_at IS NULL
          ORDER BY time, received_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      return fn(res.rows.map(toSignal), marker(c));
    });
  }

  /**
   * One signal by identity, waiting for whoever holds it. `processed` carries the incident when another
   * worker (or an earlier call) already handled it.
   */
  async withSignal<T>(
    kind: SignalFact['kind'],
    sourceId: string,
    fn: (
      signal: QueuedSignal | null,
      processed: { incidentId: string | null } | null,
      mark: SignalMarker,
    ) => Promise<T>,
  ): Promise<T> {
    return this.db.tx(async (c) => {
      const res = await c.query<Row>(
        `SELECT ${COLUMNS} FROM incident_signals WHERE kind = $1 AND source_id = $2
          ORDER BY time DESC LIMIT 1 FOR UPDATE`,
        [kind, sourceId],
      );
      const row = res.rows[0];
      if (!row) return fn(null, null, marker(c));
      return fn(toSignal(row), row.processed_at ? { incidentId: row.incident_id } : null, marker(c));
    });
  }

  /**
   * Proposals the rules engine could not keep in memory or raise: stored as signals of kind `proposal`
   * (the whole proposal in `raw`) for the processor, idempotently (same key, evidence and time = once).
   */
  async enqueueProposals(proposals: IncidentProposal[]): Promise<void> {
    if (proposals.length === 0) return;
    await this.db.pool.query(
      `INSERT INTO incident_signals (time, kind, source_id, category, sub_category, severity, description, lat, lon,
                                     raw, source, received_at)
       SELECT t, 'proposal', sid, cat, sub, sev, descr, lat, lon, raw::jsonb, 'rules', now()
         FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                     $8::float8[], $9::text[]) AS u(t, sid, cat, sub, sev, descr, lat, lon, raw)
       ON CONFLICT ON CONSTRAINT incident_signals_key DO NOTHING`,
      [
        proposals.map((p) => p.time),
        proposals.map((p) => `${p.key}|${p.evidence.ref}`),
        proposals.map((p) => p.category),
        proposals.map((p) => p.subCategory ?? null),
        proposals.map((p) => p.severity),
        proposals.map((p) => p.description),
        proposals.map((p) => p.lat),
        proposals.map((p) => p.lon),
        proposals.map((p) => JSON.stringify(p)),
      ],
    );
  }

  /** Signals not yet processed (health and tests). */
  async pending(): Promise<number> {
    const rows = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM incident_signals WHERE processed_at IS NULL',
    );
    return Number(rows[0].n);
  }
}
