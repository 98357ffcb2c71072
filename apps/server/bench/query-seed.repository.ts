import { Client } from 'pg';

/** Timings of the series and list SQL the server runs, straight through pg: the query bench's baseline. */
export class QueryBaseline {
  private constructor(private readonly c: Client) {}

  static async connect(url: string): Promise<QueryBaseline> {
    const c = new Client({ connectionString: url });
    // The bench drops its database at the end, which terminates this session: not an error worth a crash.
    c.on('error', () => undefined);
    await c.connect();
    return new QueryBaseline(c);
  }

  rawSeries(deviceId: string, metric: string, from: string, to: string): Promise<unknown[]> {
    return this.c
      .query(
        `SELECT time AS t, value AS v FROM readings
          WHERE device_id = $1 AND metric = $2 AND time >= $3 AND time < $4 ORDER BY time LIMIT 5000`,
        [deviceId, metric, from, to],
      )
      .then((r) => r.rows);
  }

  hourlySeries(deviceId: string, metric: string, from: string, to: string): Promise<unknown[]> {
    return this.c
      .query(
        `SELECT date_bin('3600 seconds'::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
                avg(value), min(value), max(value), count(value)::int, (array_agg(value ORDER BY time DESC))[1]
           FROM readings WHERE device_id = $1 AND metric = $2 AND time >= $3 AND time < $4
          GROUP BY 1 ORDER BY 1 LIMIT 5000`,
        [deviceId, metric, from, to],
      )
      .then((r) => r.rows);
  }

  devices(): Promise<unknown[]> {
    return this.c.query('SELECT * FROM devices ORDER BY id').then((r) => r.rows);
  }

  async analyze(): Promise<void> {
    await this.c.query('ANALYZE readings');
  }

  close(): Promise<void> {
    return this.c.end();
  }
}
