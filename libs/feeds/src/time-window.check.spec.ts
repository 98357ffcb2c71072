import { createAdapterContext } from './adapter.context';
import { frigateAdapter } from './frigate.adapter';
import { senmlAdapter } from './senml.adapter';
import { checkTimeWindow } from './time-window.check';
import { bytes, fixtureJson, records } from '../test/fixture.util';

const window = { maxFutureS: 300, retentionDays: 365 };
const now = new Date('2026-12-04T08:00:00.000Z');
const nowS = now.getTime() / 1000;
const pack = (...times: number[]) =>
  records(
    senmlAdapter(
      'ioc/senml/devA',
      bytes(times.map((t, i) => ({ ...(i === 0 ? { bn: 'devA:' } : {}), n: 'pm25', v: i, t }))),
      now,
      createAdapterContext(),
    ),
  );

describe('checkTimeWindow', () => {
  it('accepts times from the retention edge to INGEST_MAX_FUTURE_S ahead', () => {
    expect(checkTimeWindow(pack(nowS, nowS + 300, nowS - 365 * 86400), now, window)).toBeNull();
  });

  it('refuses a year-9999 reading: time_in_future, naming the record and the limit', () => {
    const t = Date.UTC(9999, 0, 1) / 1000;
    expect(checkTimeWindow(pack(t), now, window)).toBe(
      'time_in_future: reading pm25 of devA at 9999-01-01T00:00:00.000Z is more than 300 s ahead of the ' +
        'server clock (2026-12-04T08:00:00.000Z, INGEST_MAX_FUTURE_S)',
    );
  });

  it('refuses one second beyond the future limit, and counts the bad records of a batch', () => {
    expect(checkTimeWindow(pack(nowS, nowS + 301, nowS + 400), now, window)).toMatch(
      /^time_in_future: reading pm25 of devA at 2026-12-04T08:05:01\.000Z .* \(2 of 3 records outside the window\)$/,
    );
  });

  it('refuses a record older than the retention window: time_before_retention', () => {
    expect(checkTimeWindow(pack(nowS - 365 * 86400 - 1), now, window)).toBe(
      'time_before_retention: reading pm25 of devA at 2025-12-04T07:59:59.000Z is older than the retention ' +
        'window (RETENTION_DAYS=365: before 2025-12-04T08:00:00.000Z)',
    );
    expect(checkTimeWindow(pack(nowS, nowS - 365 * 86400 - 1), now, window)).toMatch(
      /^time_before_retention: .* \(1 of 2 records outside the window\)$/,
    );
  });

  it('names the future first when a message has both', () => {
    expect(checkTimeWindow(pack(nowS - 400 * 86400, nowS + 3600), now, window)).toMatch(/^time_in_future: /);
  });

  it('checks both ends of a camera event', () => {
    const msg = fixtureJson('frigate-events.json') as { after: Record<string, unknown> };
    msg.after = { ...msg.after, start_time: nowS - 60, end_time: nowS + 86400 };
    const ctx = createAdapterContext({ frigateCameras: { front_door: 'cam-1' } });
    const recs = records(frigateAdapter('frigate/events', bytes(msg), now, ctx));
    expect(checkTimeWindow(recs, now, window)).toMatch(
      /^time_in_future: camera event 1607123955\.475377-mxklsc end at 2026-12-05T08:00:00\.000Z/,
    );
  });

  it('a wider window (INGEST_MAX_FUTURE_S, RETENTION_DAYS) accepts more', () => {
    expect(checkTimeWindow(pack(nowS + 3600), now, { maxFutureS: 3600, retentionDays: 1 })).toBeNull();
    expect(checkTimeWindow(pack(nowS - 86401), now, { maxFutureS: 0, retentionDays: 1 })).toMatch(
      /^time_before_retention: .*RETENTION_DAYS=1/,
    );
  });
});
