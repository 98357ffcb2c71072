import type { TimelineItem, TimelinePage } from '@ioc/contracts/history.schema';
import { ClockService } from '../src/incidents/clock.service';
import { IncidentsService } from '../src/incidents/incidents.service';
import { makeRulesCity, type RulesCity } from './support/rules-city';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

/** GET /api/timeline and /api/timeline/histogram over rows of every source, paged and filtered. */

jest.setTimeout(120_000);

let server: TestServer;
let city: RulesCity;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
const range = `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(120))}`;
const NAMES = ['một', 'hai', 'ba', 'bốn'];
const admin = { id: 'history-test', username: 'admin', role: 'admin' as const };

beforeAll(async () => {
  // no rules: citizen reports other test files publish on the shared broker must not open incidents here
  city = makeRulesCity({ rules: [] });
  server = await startTestServer({ CITY_DIR: city.dir });
  const url = server.databaseUrl;
  const [aq, cam] = (
    await sql<{ id: string; kind: string }>(
      url,
      `SELECT id, kind FROM devices WHERE kind IN ('air_quality', 'camera') ORDER BY id`,
    )
  ).reduce<string[]>((acc, d) => {
    if (d.kind === 'air_quality' && !acc[0]) acc[0] = d.id;
    if (d.kind === 'camera' && !acc[1]) acc[1] = d.id;
    return acc;
  }, []);
  // device online/offline: 30 rows, every 2 minutes, several at the same instant for tie-breaking
  for (let i = 0; i < 30; i++)
    await sql(url, `INSERT INTO device_events (time, device_id, kind, reason) VALUES ($1, $2, $3, 'test')`, [
      at(Math.floor(i / 3) * 2),
      `${aq ?? 'dev'}${i % 3 === 0 ? '' : `-x${i}`}`,
      i % 2 ? 'offline' : 'online',
    ]);
  // camera events, one a false positive (left out)
  for (let i = 0; i < 12; i++)
    await sql(
      url,
      `INSERT INTO camera_events (id, start_time, camera, frigate_camera, phase, label, false_positive, received_at, updated_at)
       VALUES ($1, $2, $3, 'f', 'end', $4, $5, now(), now())`,
      [`ev-${i}`, at(5 + i * 7), cam ?? 'cam', i % 2 ? 'person' : 'car', i === 11],
    );
  // incidents through the service: their audit rows and unit changes are what the timeline shows
  const incidents = server.app.get(IncidentsService);
  const clock = server.app.get(ClockService);
  const real = clock.now.bind(clock);
  let now = T0 + 10 * 60_000;
  clock.now = () => now;
  try {
    for (let i = 0; i < 4; i++) {
      now = T0 + (10 + i * 20) * 60_000;
      const { incidentId } = await incidents.raise({
        key: `history-timeline:${i}`,
        ruleId: 'history-test',
        category: i % 2 ? 'flood' : 'fire',
        severity: i % 2 ? 'Moderate' : 'Severe',
        title: { vi: `Sự cố thử ${NAMES[i]}`, en: `Test incident ${i}` },
        description: '',
        lat: null,
        lon: null,
        time: new Date(now).toISOString(),
        evidence: { kind: 'citizen_report', ref: `r${i}`, data: {} },
      });
      now += 60_000;
      await incidents.ack(incidentId, admin);
      if (i === 1) {
        now += 60_000;
        await incidents.dispatch(incidentId, admin, ['traffic-01']);
      }
      now += 60_000;
      await incidents.resolve(incidentId, admin, 'ok');
    }
  } finally {
    clock.now = real;
  }
});

afterAll(async () => {
  await server?.close();
  city?.cleanup();
});

async function all(query: string, limit: number): Promise<TimelineItem[]> {
  const op = await server.as('operator');
  const out: TimelineItem[] = [];
  let cursor: string | null = null;
  for (let n = 0; n < 100; n++) {
    const r = await op.get(`/api/timeline?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect({ status: r.status, body: r.status === 200 ? null : r.body }).toEqual({ status: 200, body: null });
    const page = r.body as TimelinePage;
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return out;
  }
  throw new Error('no end of pages');
}

describe('timeline', () => {
  it('lists every source in (time, id) order; small pages give exactly the one-page list', async () => {
    const whole = await all(range, 1000);
    const types = new Set(whole.map((i) => i.type));
    expect([...types].sort()).toEqual(['camera', 'device', 'incident', 'unit']);
    // 4 incidents × (open, ack, resolve) + 1 dispatch
    expect(whole.filter((i) => i.type === 'incident')).toHaveLength(13);
    expect(whole.filter((i) => i.type === 'camera')).toHaveLength(11);
    expect(whole.filter((i) => i.type === 'device')).toHaveLength(30);
    // dispatched, then freed by resolve
    expect(whole.filter((i) => i.type === 'unit').map((i) => i.action)).toEqual(['dispatched', 'available']);
    for (let k = 1; k < whole.length; k++) {
      const a = whole[k - 1];
      const b = whole[k];
      expect(a.time < b.time || (a.time === b.time && a.id < b.id)).toBe(true);
    }
    expect(await all(range, 7)).toEqual(whole);
    expect(await all(range, 1)).toEqual(whole);
  });

  it('filters by type, category, severity, device and words', async () => {
    const op = await server.as('operator');
    const flood = (await op.get(`/api/timeline?${range}&category=flood`)).body as TimelinePage;
    expect(flood.items.length).toBe(7);
    expect(flood.items.every((i) => i.category === 'flood' && i.type === 'incident')).toBe(true);
    const cams = (await op.get(`/api/timeline?${range}&types=camera&q=person`)).body as TimelinePage;
    expect(cams.items.map((i) => i.action)).toEqual(Array(5).fill('person'));
    const severe = (await op.get(`/api/timeline?${range}&severity=Severe&types=incident,device`))
      .body as TimelinePage;
    expect(severe.items.every((i) => i.severity === 'Severe')).toBe(true);
    expect(severe.items).toHaveLength(6);
    const words = (await op.get(`/api/timeline?${range}&q=${encodeURIComponent('SỰ CỐ thu ba')}`))
      .body as TimelinePage;
    expect(words.items.map((i) => i.action)).toEqual(['open', 'ack', 'resolve']);
  });

  it('answers the histogram per bucket and type, totals matching the list', async () => {
    const op = await server.as('operator');
    const r = await op.get(`/api/timeline/histogram?${range}&bucket=30m`);
    expect(r.status).toBe(200);
    expect(r.body.bucketS).toBe(1800);
    expect(r.body.buckets.map((b: { t: string }) => b.t)).toEqual([at(0), at(30), at(60)]);
    const total = r.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0);
    expect(total).toBe((await all(range, 1000)).length);
    expect(r.body.buckets[0].counts.device).toBe(30);
  });

  it('counts per type in the histogram exactly the items the list gives, for every filter', async () => {
    // The histogram has its own lean SQL (no columns, joins only where a filter needs them): its counts
    // must still be the list's. Adds a threshold crossing and a ward on one incident so every filter and
    // source has rows to keep or drop.
    const url = server.databaseUrl;
    const [aq] = await sql<{ id: string; ward: string; lat: number; lon: number }>(
      url,
      `SELECT id, ward, lat, lon FROM devices WHERE kind = 'air_quality' AND ward IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const [inc] = await sql<{ id: string }>(url, `SELECT id FROM incidents WHERE key = 'history-timeline:1'`);
    await sql(url, `UPDATE incidents SET ward = $2 WHERE id = $1`, [inc.id, aq.ward]);
    await sql(
      url,
      `INSERT INTO incident_evidence (incident_id, time, added_at, kind, ref, rule_id, category, severity, title,
                                      lat, lon, matched_by)
       VALUES ($1, $2, $2, 'reading', $3, 'pm25', 'air_quality', 'Moderate', 'PM2.5', $4, $5, 'key')`,
      [inc.id, at(33), `${aq.id}/pm25/history-test`, aq.lat, aq.lon],
    );
    const box = [aq.lon - 0.001, aq.lat - 0.001, aq.lon + 0.001, aq.lat + 0.001].join(',');
    const filters = [
      '',
      '&category=flood',
      '&category=air_quality',
      '&severity=Severe,Moderate',
      `&ward=${encodeURIComponent(aq.ward)}`,
      `&ward=${encodeURIComponent(aq.ward)}&category=flood`,
      `&device=${encodeURIComponent(aq.id)}`,
      `&bbox=${box}`,
      '&q=person',
      `&q=${encodeURIComponent('SỰ CỐ thu ba')}`,
      `&q=${encodeURIComponent(aq.id)}`,
      '&types=camera,unit',
    ];
    const op = await server.as('operator');
    const seen = new Set<string>();
    for (const q of filters) {
      const items = await all(`${range}${q}`, 1000);
      const listed: Record<string, number> = {};
      for (const i of items) listed[i.type] = (listed[i.type] ?? 0) + 1;
      const h = await op.get(`/api/timeline/histogram?${range}${q}&bucket=30m`);
      expect(h.status).toBe(200);
      const counted: Record<string, number> = {};
      for (const b of h.body.buckets as { counts: Record<string, number> }[])
        for (const [type, n] of Object.entries(b.counts)) counted[type] = (counted[type] ?? 0) + n;
      expect({ q, counted }).toEqual({ q, counted: listed });
      Object.keys(listed).forEach((t) => seen.add(t));
    }
    expect([...seen].sort()).toEqual(['camera', 'device', 'incident', 'threshold', 'unit']);
  });

  it('refuses bad input with the field named', async () => {
    const op = await server.as('operator');
    const cases: [string, string][] = [
      [`from=${at(10)}&to=${at(0)}`, 'from'],
      [`from=yesterday&to=${at(0)}`, 'from'],
      [`${range}&types=weather`, 'types'],
      [`${range}&bbox=1,2,3`, 'bbox'],
      [`${range}&limit=0`, 'limit'],
      [`${range}&cursor=nonsense`, 'cursor'],
      [`${range}&colour=red`, 'colour'],
      [`from=${at(0)}&to=${new Date(T0 + 40 * 86400_000).toISOString()}`, 'to'],
    ];
    for (const [q, field] of cases) {
      const r = await op.get(`/api/timeline?${q.replace(/\+/g, '%2B')}`);
      expect({ q, status: r.status, field: r.body.field }).toEqual({ q, status: 400, field });
    }
    const h = await op.get(`/api/timeline/histogram?${range}&bucket=1s`);
    expect({ status: h.status, field: h.body.field }).toEqual({ status: 400, field: 'bucket' });
  });
});
