import { ClockService } from '../src/incidents/clock.service';
import { IncidentsService } from '../src/incidents/incidents.service';
import { makeRulesCity, type RulesCity } from './support/rules-city';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

/** Timeline CSV, the CAP bundle and the daily report over one city-local day (Asia/Ho_Chi_Minh, UTC+7). */

jest.setTimeout(120_000);

let server: TestServer;
let city: RulesCity;
// 2026-04-10 00:00 in Phan Thiết is 2026-04-09T17:00Z
const DAY0 = Date.parse('2026-04-09T17:00:00Z');
const at = (min: number) => DAY0 + min * 60_000;
const admin = { id: 'history-exports', username: 'admin', role: 'admin' as const };
const ids: string[] = [];

beforeAll(async () => {
  // no rules: citizen reports other test files publish on the shared broker must not open incidents here
  city = makeRulesCity({ rules: [] });
  server = await startTestServer({ CITY_DIR: city.dir });
  const incidents = server.app.get(IncidentsService);
  const clock = server.app.get(ClockService);
  let now = 0;
  clock.now = () => now;
  const raise = async (
    min: number,
    i: number,
    category: 'fire' | 'flood',
    severity: 'Severe' | 'Moderate',
  ) => {
    now = at(min);
    const r = await incidents.raise({
      key: `history-exports:${i}`,
      ruleId: 'history-test',
      category,
      severity,
      title: { vi: `Sự cố "${i}", thử`, en: `Test ${i}` },
      description: '',
      lat: null,
      lon: null,
      time: new Date(now).toISOString(),
      evidence: { kind: 'citizen_report', ref: `x${i}`, data: {} },
    });
    ids.push(r.incidentId);
    return r.incidentId;
  };
  // fire, Severe (ack 5 min, dispatch 10 min): ack at +3 min (met), dispatch at +20 (breached), resolve +60
  const a = await raise(60, 0, 'fire', 'Severe');
  now = at(63);
  await incidents.ack(a, admin);
  now = at(80);
  await incidents.dispatch(a, admin, ['fire-01']);
  now = at(120);
  await incidents.resolve(a, admin, 'ok');
  // flood, Moderate (ack 15 min): ack at +10 (met), resolve at +30 without dispatch
  const b = await raise(300, 1, 'flood', 'Moderate');
  now = at(310);
  await incidents.ack(b, admin);
  now = at(330);
  await incidents.resolve(b, admin, 'ok');
  // the day before: not in the report
  await raise(-30, 2, 'fire', 'Moderate');
  clock.now = () => Date.now();

  const url = server.databaseUrl;
  // a device offline 02:00–05:00 local, another offline since 22:00 local (2 h until the end of the day)
  const ev = `INSERT INTO device_events (time, device_id, kind, reason) VALUES ($1, $2, $3, 'test')`;
  await sql(url, ev, [new Date(at(120)), 'hx-a', 'offline']);
  await sql(url, ev, [new Date(at(300)), 'hx-a', 'online']);
  await sql(url, ev, [new Date(at(22 * 60)), 'hx-b', 'offline']);
  // pm2.5 of 60 µg/m³ all day long at one station (VN_AQI 150 band moderate-poor boundary region)
  await sql(
    url,
    `INSERT INTO readings (time, device_id, metric, value, unit, source, received_at)
     SELECT $1::timestamptz + make_interval(mins => m * 10), 'hx-aq', 'pm25', 60, 'ug/m3', 'senml', now()
       FROM generate_series(-72, 143) m`,
    [new Date(DAY0).toISOString()],
  );
});

afterAll(async () => {
  await server?.close();
  city?.cleanup();
});

describe('exports', () => {
  it('timeline CSV has a header and one row per timeline item, quoted where needed', async () => {
    const op = await server.as('operator');
    const range = `from=${new Date(at(0)).toISOString()}&to=${new Date(at(1440)).toISOString()}`;
    const list = await op.get(`/api/timeline?${range}&limit=1000`);
    const res = await fetch(`${server.url}/api/exports/timeline.csv?${range}`, {
      headers: { authorization: `Bearer ${await server.token('operator')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = (await res.text()).replace(/^\ufeff/, '');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'time,type,action,title,title_en,severity,category,ward,lat,lon,device_id,incident_id,unit_id,id',
    );
    expect(lines).toHaveLength(list.body.items.length + 1);
    expect(lines.filter((l) => l.includes(',incident,open,')).length).toBe(2);
  });

  it('timeline CSV: city time with its offset, a title in both languages on every row, no raw codes', async () => {
    const range = `from=${new Date(at(0)).toISOString()}&to=${new Date(at(1440)).toISOString()}`;
    const res = await fetch(`${server.url}/api/exports/timeline.csv?${range}&types=incident,device`, {
      headers: { authorization: `Bearer ${await server.token('operator')}` },
    });
    const rows = (await res.text())
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .filter(Boolean)
      .slice(1)
      .map(parseCsvLine);
    expect(rows.length).toBeGreaterThanOrEqual(7);
    for (const r of rows) {
      // 2026-04-10T01:00:00+07:00: the wall time in Phan Thiết, never Z
      expect(r[0]).toMatch(/^2026-04-1[01]T\d{2}:\d{2}:\d{2}(\.\d{3})?\+07:00$/);
      expect({ row: r.join('|'), en: r[4].length > 0 }).toEqual({ row: r.join('|'), en: true });
      expect(r[3]).not.toMatch(/ (offline|online)$|→ [a-z]+_[a-z]+/);
    }
    const open = rows.find((r) => r[1] === 'incident' && r[2] === 'open')!;
    expect(open[0]).toBe('2026-04-10T01:00:00+07:00');
    expect(open[4]).toBe(`Test 0 — ${ids[0]}`);
    const offline = rows
      .filter((r) => r[1] === 'device' && r[2] === 'offline')
      .map((r) => [r[0], r[3], r[4]]);
    expect(offline).toEqual([
      ['2026-04-10T02:00:00+07:00', 'hx-a mất kết nối', 'hx-a went offline'],
      ['2026-04-10T22:00:00+07:00', 'hx-b mất kết nối', 'hx-b went offline'],
    ]);
    expect(rows.find((r) => r[1] === 'device' && r[2] === 'online')?.slice(3, 5)).toEqual([
      'hx-a trực tuyến trở lại',
      'hx-a back online',
    ]);
  });

  it('readings CSV: city time with its offset', async () => {
    const res = await fetch(
      `${server.url}/api/exports/readings.csv?from=${new Date(at(0)).toISOString()}&to=${new Date(at(30)).toISOString()}&device=hx-aq`,
      { headers: { authorization: `Bearer ${await server.token('operator')}` } },
    );
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      '2026-04-10T00:00:00+07:00,hx-aq,pm25',
      '2026-04-10T00:10:00+07:00,hx-aq,pm25',
      '2026-04-10T00:20:00+07:00,hx-aq,pm25',
    ]);
  });

  it('CAP bundle holds one CAP 1.2 alert per incident of the range, oldest first', async () => {
    const op = await server.as('operator');
    const r = await op.get(
      `/api/exports/incidents.cap.xml?from=${new Date(at(0)).toISOString()}&to=${new Date(at(1440)).toISOString()}`,
    );
    expect(r.status).toBe(200);
    const xml = String(r.body);
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<capBundle xmlns="urn:ioc:cap-bundle:1" /,
    );
    expect(xml.match(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">/g)).toHaveLength(2);
    expect(xml.indexOf(ids[0])).toBeLessThan(xml.indexOf(ids[1]));
    expect(xml).not.toContain(ids[2]);
    const named = await op.get(`/api/exports/incidents.cap.xml?ids=${ids[2]}`);
    expect(String(named.body)).toContain(ids[2]);
    const bad = await op.get('/api/exports/incidents.cap.xml?category=fire');
    expect({ status: bad.status, field: bad.body.field }).toEqual({ status: 400, field: 'from' });
  });

  it('daily report: counts, SLA compliance, mean times, offline devices, VN_AQI', async () => {
    const op = await server.as('operator');
    const r = await op.get('/api/history/daily-report?date=2026-04-10');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      date: '2026-04-10',
      from: '2026-04-09T17:00:00.000Z',
      to: '2026-04-10T17:00:00.000Z',
      incidents: { total: 2, byCategory: { fire: 1, flood: 1 }, bySeverity: { Severe: 1, Moderate: 1 } },
      sla: {
        ack: { met: 2, breached: 0, compliance: 100 },
        dispatch: { met: 0, breached: 1, compliance: 0 },
        resolve: { met: 2, breached: 0, compliance: 100 },
      },
      // ack: (3 + 10) / 2 min; dispatch 20 min; resolve (60 + 30) / 2 min
      meanTimesS: { ack: 390, dispatch: 1200, resolve: 2700 },
      topOfflineDevices: [
        { deviceId: 'hx-a', offlineEvents: 1, offlineS: 3 * 3600 },
        { deviceId: 'hx-b', offlineEvents: 1, offlineS: 2 * 3600 },
      ],
    });
    // opened at 01:00 and 05:00 local: the hours of the day and the list, oldest first
    expect(r.body.incidents.byHour).toHaveLength(24);
    expect(
      r.body.incidents.byHour.map((n: number, h: number) => (n ? h : -1)).filter((h: number) => h >= 0),
    ).toEqual([1, 5]);
    expect(r.body.incidents.list).toEqual([
      expect.objectContaining({
        id: ids[0],
        title: 'Sự cố "0", thử',
        titleEn: 'Test 0',
        category: 'fire',
        severity: 'Severe',
        openedAt: new Date(at(60)).toISOString(),
      }),
      expect.objectContaining({ id: ids[1], titleEn: 'Test 1', category: 'flood', status: 'resolved' }),
    ]);
    expect(r.body.incidents.listTruncated).toBe(false);
    expect(r.body.vnAqi).toEqual([
      expect.objectContaining({ deviceId: 'hx-aq', hours: 24, meanAqi: r.body.vnAqi[0].maxAqi }),
    ]);
    expect(r.body.vnAqi[0].maxAqi).toBeGreaterThan(100);
    const bad = await op.get('/api/history/daily-report?date=10/04/2026');
    expect({ status: bad.status, field: bad.body.field }).toEqual({ status: 400, field: 'date' });
  });
});

/** One RFC 4180 line (quoted fields with "" escapes). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) cur += c;
    else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
