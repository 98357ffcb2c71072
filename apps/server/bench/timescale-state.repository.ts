import type { Database } from '../src/db/database.pool';

/** What the bench did to a freshly seeded TimescaleDB store, recorded in its result. */
export interface TimescaleStoreState {
  aggregates: {
    view: string;
    endOffset: string;
    materialisedTo: string;
    watermark: string;
    refreshS: number;
  }[];
  compression: {
    hypertable: string;
    compressAfter: string;
    olderThan: string;
    compressed: number;
    chunks: number;
    compressS: number;
  }[];
  analyzeS: number;
}

/**
 * Puts a seeded TimescaleDB store in the state production keeps it in, which a bulk load skips: every
 * continuous aggregate materialised from `from` up to now() − its refresh policy's end_offset (the rest is
 * the real-time tail the aggregate computes from raw rows), and the chunks older than each compression
 * policy's compress_after compressed, as the policy jobs would have done over the weeks the data arrived;
 * then ANALYZE. The offsets are read from the jobs 005_readings_rollups.timescale.sql created.
 */
export async function settleTimescale(db: Database, from: string): Promise<TimescaleStoreState> {
  const aggregates: TimescaleStoreState['aggregates'] = [];
  const views = await db.query<{ view: string; end_offset: string; id: number }>(
    `SELECT ca.view_name AS view, j.config->>'end_offset' AS end_offset, (j.config->>'mat_hypertable_id')::int AS id
       FROM timescaledb_information.jobs j
       JOIN timescaledb_information.continuous_aggregates ca
         -- the jobs view names the continuous aggregate (2.28) or, in older versions, its materialisation
         ON (ca.view_schema, ca.view_name) = (j.hypertable_schema, j.hypertable_name)
         OR (ca.materialization_hypertable_schema, ca.materialization_hypertable_name) =
            (j.hypertable_schema, j.hypertable_name)
      WHERE j.proc_name = 'policy_refresh_continuous_aggregate'
      ORDER BY ca.view_name`,
  );
  for (const v of views) {
    const [{ upto }] = await db.query<{ upto: Date }>('SELECT now() - $1::interval AS upto', [v.end_offset]);
    const t = Date.now();
    await db.query('CALL refresh_continuous_aggregate($1::regclass, $2::timestamptz, $3::timestamptz)', [
      v.view,
      from,
      upto,
    ]);
    const refreshS = (Date.now() - t) / 1000;
    const [{ watermark }] = await db.query<{ watermark: Date }>(
      `SELECT _timescaledb_functions.to_timestamp(_timescaledb_functions.cagg_watermark($1)) AS watermark`,
      [v.id],
    );
    aggregates.push({
      view: v.view,
      endOffset: v.end_offset,
      materialisedTo: upto.toISOString(),
      watermark: watermark.toISOString(),
      refreshS,
    });
  }
  const compression: TimescaleStoreState['compression'] = [];
  const policies = await db.query<{ hypertable: string; compress_after: string }>(
    `SELECT hypertable_name AS hypertable, config->>'compress_after' AS compress_after
       FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression' ORDER BY 1`,
  );
  for (const p of policies) {
    const [{ older }] = await db.query<{ older: Date }>('SELECT now() - $1::interval AS older', [
      p.compress_after,
    ]);
    const t = Date.now();
    await db.query(
      `SELECT count(compress_chunk(c, if_not_compressed => true))
         FROM show_chunks($1::regclass, older_than => $2::timestamptz) c`,
      [p.hypertable, older],
    );
    const compressS = (Date.now() - t) / 1000;
    const [n] = await db.query<{ compressed: number; chunks: number }>(
      `SELECT count(*) FILTER (WHERE is_compressed)::int AS compressed, count(*)::int AS chunks
         FROM timescaledb_information.chunks WHERE hypertable_name = $1`,
      [p.hypertable],
    );
    compression.push({
      hypertable: p.hypertable,
      compressAfter: p.compress_after,
      olderThan: older.toISOString(),
      ...n,
      compressS,
    });
  }
  const t = Date.now();
  await db.query('ANALYZE');
  return { aggregates, compression, analyzeS: (Date.now() - t) / 1000 };
}
