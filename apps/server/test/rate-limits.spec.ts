import type { ApiResponse } from './support/api-client';
import { sql } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Issue 14: one account cannot flood every console with citizen reports or incident comments. Limits per
// user per minute (REPORTS_PER_USER_PER_MIN, COMMENTS_PER_USER_PER_MIN), counted atomically in the
// database: a concurrent burst gets exactly the limit through, the rest 429 with Retry-After.
jest.setTimeout(60_000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REPORTS_PER_USER_PER_MIN: '3', COMMENTS_PER_USER_PER_MIN: '3' });
});
afterAll(async () => {
  await server?.close();
});

const report = (i: number) => ({
  text: `Cháy nhỏ ở chợ, cuộc gọi ${i}`,
  category: 'fire',
  lat: 10.93,
  lon: 108.1,
});

function expectThrottled(r: ApiResponse, what: RegExp): void {
  expect(r.status).toBe(429);
  const retry = Number(r.headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(60);
  expect(r.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(what), retryAfter: retry });
}

const stored = async (user: string) =>
  Number(
    (
      await sql<{ n: string }>(
        server.databaseUrl,
        `SELECT count(*)::text AS n FROM incident_signals
          WHERE kind = 'citizen_report' AND raw->>'enteredBy' = $1`,
        [user],
      )
    )[0].n,
  );

it('citizen reports: a burst of 10 from one user stores 3, the rest get 429; other users are not affected', async () => {
  const op = await server.as('operator');
  const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => op.post('/api/reports', report(i))));
  const accepted = burst.filter((r) => r.status === 201 || r.status === 202);
  expect(accepted).toHaveLength(3);
  for (const r of burst.filter((r) => r.status !== 201 && r.status !== 202))
    expectThrottled(r, /too many citizen reports/);
  expect(await stored(op.user!.username)).toBe(3);
  // an invalid body is still answered 400 (validation comes first; it is not counted)
  const bad = await op.post('/api/reports', { ...report(0), lat: 'x' });
  expect(bad.status).toBe(400);
  expect(bad.body.field).toBe('lat');
  const sup = await server.as('supervisor');
  expect((await sup.post('/api/reports', report(99))).status).toBe(201);
});

it('incident comments: a burst of 10 from one user stores 3, the rest get 429; other users are not affected', async () => {
  const sup = await server.as('supervisor');
  const created = await sup.post('/api/reports', report(100));
  const incidentId = created.body.incidentId as string;
  expect(incidentId).toBeTruthy();
  const op = await server.as('operator');
  const burst = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      op.post(`/api/incidents/${incidentId}/comments`, { text: `ghi chú ${i}` }),
    ),
  );
  expect(burst.filter((r) => r.status === 201)).toHaveLength(3);
  for (const r of burst.filter((r) => r.status !== 201)) expectThrottled(r, /too many incident comments/);
  const admin = await server.as('admin');
  expect((await admin.post(`/api/incidents/${incidentId}/comments`, { text: 'admin ghi chú' })).status).toBe(
    201,
  );
  const detail = await admin.get(`/api/incidents/${incidentId}`);
  const comments = (detail.body.timeline as { action: string; actor: string }[]).filter(
    (e) => e.action === 'comment',
  );
  expect(comments.filter((c) => c.actor === op.user!.username)).toHaveLength(3);
  expect(comments.filter((c) => c.actor === admin.user!.username)).toHaveLength(1);
});
