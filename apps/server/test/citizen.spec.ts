import sharp from 'sharp';
import type { CitizenPublicStatus, CitizenReportView } from '@ioc/contracts/citizen.dto';
import type { IncidentDetail, IncidentList } from '@ioc/contracts/incident-detail.dto';
import type { ApiClient } from './support/api-client';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 18, the citizen channel: public reports with photos → tracking code → status page with the
// public note only; limits per address / phone, body limits, honeypot, code guessing, spam.
jest.setTimeout(120_000);

let server: TestServer;
let op: ApiClient;
let sup: ApiClient;

beforeAll(async () => {
  // X-Forwarded-For from loopback gives each test its own client address
  server = await startTestServer({ TRUST_PROXY: 'loopback', CITIZEN_CODE_MISSES_PER_ADDRESS: '4' });
  op = await server.as('operator');
  sup = await server.as('supervisor');
});

afterAll(async () => {
  await server?.close();
});

let spot = 0;
/** A place inside Phan Thiết, ~2 km from the previous one (no correlation between tests' reports). */
const place = () => {
  spot++;
  return { lat: 10.84 + (spot % 10) * 0.02, lon: 108.0 + Math.floor(spot / 10) * 0.03 };
};

async function jpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({ IFD0: { Copyright: 'SECRET-OWNER', Artist: 'Nguyễn Văn A' } })
    .toBuffer();
}

function form(
  fields: Record<string, string | number>,
  photos: { data: Buffer; type: string; name: string }[] = [],
) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, String(v));
  for (const p of photos) f.append('photos', new Blob([new Uint8Array(p.data)], { type: p.type }), p.name);
  return f;
}

const submit = (body: unknown, address: string) =>
  server.anonymous.request('POST', '/public/reports', body, { 'x-forwarded-for': address });
const status = (code: string, address = '10.0.0.200') =>
  server.anonymous.request<CitizenPublicStatus>('GET', `/public/reports/${code}`, undefined, {
    'x-forwarded-for': address,
  });
const reportId = async (code: string) =>
  (await sql<{ id: string }>(server.databaseUrl, 'SELECT id FROM citizen_reports WHERE code = $1', [code]))[0]
    ?.id;
async function incidentOfReport(id: string): Promise<IncidentDetail> {
  const list = (await op.get('/api/incidents?limit=200')).body as IncidentList;
  for (const i of list.items) {
    const d = (await op.get(`/api/incidents/${i.id}`)).body as IncidentDetail;
    if (d.evidence.some((e) => e.kind === 'citizen_report' && e.ref === `report:${id}`)) return d;
  }
  throw new Error(`no incident holds report ${id}`);
}

describe('a citizen report with a photo', () => {
  let code: string;
  let id: string;

  it('answers a 10-character tracking code and raises an incident through the signal pipeline', async () => {
    const p = place();
    // the upload really carries EXIF (so its absence below means it was stripped)
    expect((await sharp(await jpegWithExif()).metadata()).exif).toBeDefined();
    const r = await submit(
      form(
        {
          category: 'traffic',
          description: 'Cây đổ chắn ngang đường Trần Hưng Đạo',
          ...p,
          phone: '0912 345 678',
        },
        [{ data: await jpegWithExif(), type: 'image/jpeg', name: 'IMG_0001.jpg' }],
      ),
      '10.0.0.1',
    );
    expect(r.status).toBe(201);
    code = r.body.code;
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(Object.keys(r.body)).toEqual(['code']);
    id = await reportId(code);
    const d = await incidentOfReport(id);
    expect(d).toMatchObject({ category: 'traffic', lat: p.lat, lon: p.lon, source: expect.any(String) });
    const ev = d.evidence.find((e) => e.ref === `report:${id}`)!;
    expect(ev.data).toMatchObject({
      reportId: id,
      text: 'Cây đổ chắn ngang đường Trần Hưng Đạo',
      contact: '+84912345678',
    });
  });

  it('stores the photo re-encoded as JPEG without its metadata; operators fetch it, the access is recorded', async () => {
    const view = (await op.get(`/api/citizen-reports/${id}`)).body as CitizenReportView;
    expect(view).toMatchObject({
      status: 'received',
      phone: '+84912345678',
      photos: [{ index: 0, width: 640, height: 480 }],
    });
    const res = await fetch(`${server.url}/api/citizen-reports/${id}/photos/0`, {
      headers: { authorization: `Bearer ${op.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect({ format: meta.format, exif: meta.exif, icc: meta.icc, xmp: meta.xmp }).toEqual({
      format: 'jpeg',
      exif: undefined,
      icc: undefined,
      xmp: undefined,
    });
    expect(bytes.includes(Buffer.from('SECRET-OWNER'))).toBe(false);
    const views = await sql<{ actor: string; action: string }>(
      server.databaseUrl,
      'SELECT actor, action FROM citizen_report_events WHERE report_id = $1',
      [id],
    );
    expect(views).toEqual([{ actor: 'test-operator', action: 'photo_view' }]);
    // no token → 401
    expect((await fetch(`${server.url}/api/citizen-reports/${id}/photos/0`)).status).toBe(401);
  });

  it('the status page goes received → in progress → resolved and shows the public note only', async () => {
    const s1 = await status(code);
    expect(s1.status).toBe(200);
    expect(s1.body).toMatchObject({ code, status: 'received', category: 'traffic', publicNote: null });
    // nothing of the report, the incident or the people behind it
    expect(Object.keys(s1.body).sort()).toEqual([
      'category',
      'code',
      'publicNote',
      'status',
      'submittedAt',
      'updatedAt',
    ]);
    const incident = await incidentOfReport(id);
    await op.post(`/api/incidents/${incident.id}/ack`, {});
    expect((await status(code)).body.status).toBe('in_progress');
    const resolved = await op.post(`/api/incidents/${incident.id}/resolve`, {
      note: 'NỘI BỘ: đội 2 xử lý, chủ cây là ông B',
      publicNote: 'Cây đã được dọn, đường đã thông.',
    });
    expect(resolved.status).toBe(200);
    const s3 = (await status(code.toLowerCase())).body;
    expect(s3).toMatchObject({ status: 'resolved', publicNote: 'Cây đã được dọn, đường đã thông.' });
    expect(JSON.stringify(s3)).not.toMatch(/NỘI BỘ|\+84|Trần Hưng Đạo/);
  });
});

describe('limits', () => {
  it('the 6th report from one address within the window → 429 with Retry-After; another address still passes', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        (await submit({ category: 'other', description: `Rác thải ven đường ${i}`, ...place() }, '10.0.1.1'))
          .status,
      );
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
    const last = await submit({ category: 'other', description: 'Rác thải lần nữa', ...place() }, '10.0.1.1');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await submit({ category: 'other', description: 'Rác thải ở chỗ khác', ...place() }, '10.0.1.2'))
        .status,
    ).toBe(201);
  });

  it('per phone: the 4th report with one number from different addresses → 429 (spelling does not matter)', async () => {
    const phones = ['0987654321', '+84 987 654 321', '84987654321', '098.765.4321'];
    const codes: number[] = [];
    for (const [i, phone] of phones.entries())
      codes.push(
        (
          await submit(
            { category: 'other', description: `Đèn đường hỏng ${i}`, ...place(), phone },
            `10.0.2.${i + 1}`,
          )
        ).status,
      );
    expect(codes).toEqual([201, 201, 201, 429]);
  });

  it('a non-image upload → 400 naming the photo; a 6 MB image → 413; nothing stored', async () => {
    const count = async () =>
      Number((await sql<{ n: string }>(server.databaseUrl, 'SELECT count(*) n FROM citizen_reports'))[0].n);
    const before = await count();
    const text = await submit(
      form({ category: 'other', description: 'Ảnh giả', ...place() }, [
        { data: Buffer.from('%PDF-1.4 not a photo at all'), type: 'image/jpeg', name: 'a.jpg' },
      ]),
      '10.0.3.1',
    );
    expect([text.status, text.body.field]).toEqual([400, 'photos[0]']);
    const big = await sharp({
      create: {
        width: 1600,
        height: 1400,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 90 },
      },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(big.length).toBeGreaterThan(6 * 1024 * 1024);
    const huge = await submit(
      form({ category: 'other', description: 'Ảnh quá lớn', ...place() }, [
        { data: big, type: 'image/png', name: 'b.png' },
      ]),
      '10.0.3.2',
    );
    expect(huge.status).toBe(413);
    const four = await submit(
      form(
        { category: 'other', description: 'Bốn ảnh', ...place() },
        Array.from({ length: 4 }, () => ({ data: Buffer.from('x'), type: 'image/jpeg', name: 'c.jpg' })),
      ),
      '10.0.3.3',
    );
    expect([four.status, four.body.field]).toEqual([400, 'photos']);
    expect(await count()).toBe(before);
  });

  it('outside the city, a bad phone, an empty text, an unknown category → 400 naming the field', async () => {
    const base = { category: 'flood', description: 'Ngập nước sâu', lat: 10.93, lon: 108.1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, lat: 21.03, lon: 105.85 }, 'lat'],
      [{ ...base, phone: '12345' }, 'phone'],
      [{ ...base, description: '   ' }, 'description'],
      [{ ...base, category: 'aliens' }, 'category'],
      [{ ...base, extra: 1 }, 'extra'],
    ];
    for (const [i, [body, field]] of cases.entries()) {
      const r = await submit(body, `10.0.4.${i + 1}`);
      expect({ field, status: r.status, got: r.body.field }).toEqual({ field, status: 400, got: field });
    }
  });

  it('the honeypot: filled → an answer like success, nothing stored, counted', async () => {
    const before = Number(
      (await sql<{ n: string }>(server.databaseUrl, 'SELECT count(*) n FROM citizen_reports'))[0].n,
    );
    const r = await submit(
      { category: 'other', description: 'Mua thuốc giá rẻ', ...place(), website: 'http://spam.example' },
      '10.0.5.1',
    );
    expect(r.status).toBe(201);
    expect(r.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(
      Number((await sql<{ n: string }>(server.databaseUrl, 'SELECT count(*) n FROM citizen_reports'))[0].n),
    ).toBe(before);
    expect((await status(r.body.code, '10.0.5.9')).status).toBe(404);
    expect((await sup.get('/api/citizen-reports/stats')).body).toEqual({ honeypotDropped: 1 });
  });

  it('tracking codes: unknown → 404; guessing is limited per address (then even a real code → 429)', async () => {
    const real = (await submit({ category: 'other', description: 'Cống bị tắc', ...place() }, '10.0.6.1'))
      .body.code as string;
    const guesses: number[] = [];
    for (const g of ['0000000000', 'ABCDEFGHJK', 'ZZZZZZZZZZ', '1234567890', '9999999999'])
      guesses.push((await status(g, '10.0.6.66')).status);
    expect(guesses).toEqual([404, 404, 404, 404, 429]);
    expect((await status(real, '10.0.6.66')).status).toBe(429);
    // a real code does not count: the owner's address may look as often as it likes
    for (let i = 0; i < 6; i++) expect((await status(real, '10.0.6.1')).status).toBe(200);
    // a malformed code is refused before any lookup
    expect((await status('abc', '10.0.6.2')).status).toBe(400);
  });
});

describe('spam', () => {
  it('an operator marks a report spam (audited): its own incident is cancelled, the citizen sees "closed"', async () => {
    const code = (
      await submit({ category: 'security', description: 'Báo tin giả để thử', ...place() }, '10.0.7.1')
    ).body.code as string;
    const id = await reportId(code);
    const incident = await incidentOfReport(id);
    const r = await op.post(`/api/citizen-reports/${id}/spam`, { note: 'tin giả' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'spam', spamBy: 'test-operator' });
    const d = (await op.get(`/api/incidents/${incident.id}`)).body as IncidentDetail;
    expect(d.status).toBe('cancelled');
    expect(d.timeline.at(-1)).toMatchObject({
      action: 'cancel',
      actor: 'test-operator',
      note: expect.stringContaining('spam'),
    });
    expect((await status(code, '10.0.7.1')).body).toMatchObject({ status: 'closed', publicNote: null });
    expect((await op.post(`/api/citizen-reports/${id}/spam`, {})).status).toBe(409);
    const audit = await sql<{ actor: string; action: string; note: string }>(
      server.databaseUrl,
      "SELECT actor, action, note FROM citizen_report_events WHERE report_id = $1 AND action = 'spam'",
      [id],
    );
    expect(audit).toEqual([{ actor: 'test-operator', action: 'spam', note: 'tin giả' }]);
  });
});
