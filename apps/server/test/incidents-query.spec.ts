import { XMLParser } from 'fast-xml-parser';
import { IncidentsService } from '../src/incidents/incidents.service';
import type { ApiClient } from './support/api-client';
import { proposal } from './support/incident-fixtures';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let op: ApiClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer({ IOC_ROLES: 'api' });
  op = await server.as('operator');
  const raise = (p: Parameters<IncidentsService['raise']>[0]) => server.app.get(IncidentsService).raise(p);
  // far enough apart (> 200 m) or of incompatible categories: four separate incidents
  ids.market = (
    await raise(
      proposal({
        category: 'fire',
        severity: 'Extreme',
        title: { vi: 'Cháy chợ Phan Thiết', en: 'Phan Thiet market fire' },
        lat: 10.9262,
        lon: 108.1016,
      }),
    )
  ).incidentId;
  ids.flood = (
    await raise(
      proposal({
        category: 'flood',
        severity: 'Moderate',
        title: { vi: 'Ngập đường Ngư Ông', en: 'Flooded Ngu Ong street' },
        description: 'Mực nước vượt báo động II',
        lat: 10.9275,
        lon: 108.103,
      }),
    )
  ).incidentId;
  ids.muine = (
    await raise(
      proposal({
        category: 'traffic',
        severity: 'Minor',
        title: { vi: 'Va chạm giao thông ở Mũi Né', en: 'Collision in Mui Ne' },
        // the weather station at Mũi Né (city.json pt-wx-02)
        lat: 10.945,
        lon: 108.27,
      }),
    )
  ).incidentId;
  ids.nowhere = (
    await raise(
      proposal({
        category: 'other',
        severity: 'Unknown',
        title: { vi: 'Báo cáo không có vị trí', en: 'Report without a location' },
        lat: null,
        lon: null,
      }),
    )
  ).incidentId;
  await op.post(`/api/incidents/${ids.flood}/ack`, {});
});

afterAll(async () => {
  await server?.close();
});

const list = async (query: string): Promise<string[]> => {
  const r = await op.get(`/api/incidents${query}`);
  expect(r.status).toBe(200);
  return (r.body.items as { id: string }[]).map((i) => i.id).sort();
};
const sorted = (...keys: string[]) => keys.map((k) => ids[k]).sort();

describe('incident list filters', () => {
  it('filters by status, severity, category, ward, bbox, time and text without diacritics', async () => {
    expect(await list('')).toEqual(sorted('market', 'flood', 'muine', 'nowhere'));
    expect(await list('?status=new')).toEqual(sorted('market', 'muine', 'nowhere'));
    expect(await list('?status=acknowledged,resolved')).toEqual(sorted('flood'));
    expect(await list('?status=acknowledged&status=new&severity=Extreme')).toEqual(sorted('market'));
    expect(await list('?severity=Minor,Unknown')).toEqual(sorted('muine', 'nowhere'));
    expect(await list('?category=flood')).toEqual(sorted('flood'));
    expect(await list('?ward=duc-thang')).toEqual(sorted('market'));
    expect(await list('?ward=ham-tien,mui-ne,hung-long')).toEqual(sorted('flood', 'muine'));
    // minLon,minLat,maxLon,maxLat around the centre (Mũi Né and the location-less one are out)
    expect(await list('?bbox=108.09,10.92,108.11,10.93')).toEqual(sorted('market', 'flood'));
    const future = new Date(Date.now() + 3600_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    expect(await list(`?from=${encodeURIComponent(future)}`)).toEqual([]);
    expect(await list(`?from=${encodeURIComponent(past)}&to=${encodeURIComponent(future)}`)).toHaveLength(4);
    // text search ignores diacritics and case, every word must match
    expect(await list(`?q=${encodeURIComponent('Phan Thiet')}`)).toEqual(sorted('market'));
    expect(await list(`?q=${encodeURIComponent('cho phan thiet')}`)).toEqual(sorted('market'));
    expect(await list(`?q=${encodeURIComponent('MŨI NÉ')}`)).toEqual(sorted('muine'));
    expect(await list(`?q=${encodeURIComponent('bao dong')}`)).toEqual(sorted('flood'));
    expect(await list(`?q=${encodeURIComponent('duc thang')}`)).toEqual(sorted('market'));
    expect(await list(`?q=${encodeURIComponent(ids.muine.toLowerCase())}`)).toEqual(sorted('muine'));
    expect(await list(`?q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('pages with limit/offset, newest first, and reports the total', async () => {
    const page1 = (await op.get('/api/incidents?limit=3')).body;
    const page2 = (await op.get('/api/incidents?limit=3&offset=3')).body;
    expect(page1).toMatchObject({ total: 4, limit: 3, offset: 0 });
    expect(page1.items).toHaveLength(3);
    expect(page2.items).toHaveLength(1);
    expect(page2.total).toBe(4);
    const all = [...page1.items, ...page2.items].map((i: { openedAt: string }) => i.openedAt);
    expect(all).toEqual([...all].sort().reverse());
    // the public shape: no internals
    expect(page1.items[0].key).toBeUndefined();
    expect(page1.items[0].search_text).toBeUndefined();
  });

  it('answers an invalid query with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['?status=open', 'status'],
      ['?severity=High', 'severity'],
      ['?category=fire,volcano', 'category'],
      ['?bbox=108,10,109', 'bbox'],
      ['?bbox=109,10,108,11', 'bbox'],
      ['?bbox=a,b,c,d', 'bbox'],
      ['?from=yesterday', 'from'],
      ['?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z', 'from'],
      ['?limit=0', 'limit'],
      ['?limit=abc', 'limit'],
      ['?offset=-1', 'offset'],
      ['?stauts=new', 'stauts'],
      [`?q=${'x'.repeat(201)}`, 'q'],
    ];
    for (const [query, field] of cases) {
      const r = await op.get(`/api/incidents${query}`);
      expect({ query, status: r.status, field: r.body.field }).toEqual({ query, status: 400, field });
    }
  });
});

describe('CAP 1.2 export', () => {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

  it('serves application/cap+xml with the required elements in the right formats', async () => {
    const r = await op.get(`/api/incidents/${ids.market}/cap`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
    const { alert } = parser.parse(r.body as string);
    expect(alert['@_xmlns']).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    expect(alert.identifier).toBe(ids.market);
    expect(alert.sender).toBe('ioc.phanthiet@binhthuan.gov.vn');
    expect(alert.sent).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(alert.status).toBe('Actual');
    expect(alert.msgType).toBe('Alert');
    expect(alert.scope).toBe('Public');
    expect(alert.info.map((i: { language: string }) => i.language)).toEqual(['vi-VN', 'en-US']);
    const vi = alert.info[0];
    expect(vi).toMatchObject({
      category: 'Fire',
      event: 'Cháy',
      urgency: 'Immediate',
      severity: 'Extreme',
      certainty: 'Observed',
      headline: 'Cháy chợ Phan Thiết',
    });
    expect(alert.info[1].headline).toBe('Phan Thiet market fire');
    expect(vi.area.areaDesc).toBe('Phường Đức Thắng, Phan Thiết');
    // lat first, then lon, then a radius in km
    expect(vi.area.circle).toBe('10.926200,108.101600 0.2');
    expect(r.body as string).not.toMatch(/\d{2}Z</);
  });

  it('becomes an Update referencing the original Alert once the incident changed', async () => {
    const first = parser.parse((await op.get(`/api/incidents/${ids.flood}/cap`)).body as string).alert;
    // flood was acknowledged in beforeAll
    expect(first.msgType).toBe('Update');
    expect(first.identifier).toMatch(new RegExp(`^${ids.flood}-v\\d+$`));
    const incident = (await op.get(`/api/incidents/${ids.flood}`)).body;
    const opened = new Date(incident.openedAt);
    const refParts = String(first.references).split(',');
    expect(refParts.slice(0, 2)).toEqual(['ioc.phanthiet@binhthuan.gov.vn', ids.flood]);
    expect(Date.parse(refParts[2])).toBe(Math.floor(opened.getTime() / 1000) * 1000);
    expect(refParts[2]).toMatch(/\+07:00$/);
    // no location: an area without a circle is still valid CAP
    const nowhere = parser.parse((await op.get(`/api/incidents/${ids.nowhere}/cap`)).body as string).alert;
    expect(nowhere.info[0].area.areaDesc).toBe('Phan Thiết');
    expect(nowhere.info[0].area.circle).toBeUndefined();
    expect((await op.get('/api/incidents/nope/cap')).status).toBe(404);
  });
});
