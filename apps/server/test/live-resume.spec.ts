import type { IncidentProposal } from '../src/incidents/incident-proposal.types';
import { IncidentsService } from '../src/incidents/incidents.service';
import type { ApiClient } from './support/api-client';
import { ALL_DURABLE, liveClient } from './support/live-client';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Acceptance 2: a client disconnects, 500 durable events happen, it reconnects with its last seq → it
// receives exactly those 500, in order, no duplicates, then live ones. Events are written through the
// real paths (IncidentsService.raise, REST commands), each in its own transaction.
jest.setTimeout(180_000);

let server: TestServer;
let op: ApiClient;
let token: string;
const incidentIds: string[] = [];

beforeAll(async () => {
  // hundreds of comments from one operator: far above the per-user limit, which is not what this tests
  server = await startTestServer({
    IOC_ROLES: 'api,live',
    LIVE_REPLAY_MAX_EVENTS: '600',
    COMMENTS_PER_USER_PER_MIN: '10000',
  });
  op = await server.as('operator');
  token = await server.token('operator');
  const incidents = server.app.get(IncidentsService);
  // Ten incidents far apart (no correlation): comments on them are the durable events below.
  for (let i = 0; i < 10; i++) {
    const p: IncidentProposal = {
      key: `live-resume:${i}`,
      ruleId: 'test-rule',
      category: 'fire',
      severity: 'Moderate',
      urgency: 'Immediate',
      certainty: 'Observed',
      title: { vi: `Cháy ${i}`, en: `Fire ${i}` },
      description: 'test',
      lat: 10.9 + i * 0.05,
      lon: 108.0 + i * 0.05,
      time: new Date(Date.UTC(2025, 2, 1, 7, i)).toISOString(),
      evidence: { kind: 'reading', ref: `r-${i}`, data: {} },
    };
    incidentIds.push((await incidents.raise(p)).incidentId);
  }
});

afterAll(async () => {
  await server?.close();
});

/** `n` comments spread over the incidents, `parallel` REST calls at a time (commits interleave). */
async function comments(n: number, parallel = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        const r = await op.post(`/api/incidents/${incidentIds[i % incidentIds.length]}/comments`, {
          text: `comment ${i}`,
        });
        if (r.status !== 201) throw new Error(`comment ${i}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }),
  );
}

const seqsAfter = async (seq: number) =>
  (
    await sql<{ seq: string }>(
      server.databaseUrl,
      'SELECT seq FROM live_events WHERE seq > $1 ORDER BY seq',
      [seq],
    )
  ).map((r) => Number(r.seq));

const strictlyIncreasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);

describe('resume by seq', () => {
  it('replays exactly the 500 missed events in order, says so, then continues live', async () => {
    const a = await liveClient(server.url, token);
    const first = await a.subscribe({ layers: ALL_DURABLE });
    expect(first).toMatchObject({ replayed: 0, reload: false });
    await comments(3);
    await waitFor(() => a.received.length >= 3, 10_000, 'three live events');
    expect(a.received.every((r) => !r.replay)).toBe(true);
    const lastSeq = a.lastSeq!;
    a.close();

    await comments(500);
    const missed = await seqsAfter(lastSeq);
    expect(missed).toHaveLength(500);

    const b = await liveClient(server.url, token);
    const sub = await b.subscribe({ layers: ALL_DURABLE, lastSeq });
    expect(sub).toMatchObject({ replayed: 500, reload: false, seq: missed[499] });
    expect(b.seqs((r) => r.replay)).toEqual(missed);
    expect(b.received.every((r) => r.event.kind === 'incident' && r.event.op === 'comment')).toBe(true);

    // then live ones, after the replayed ones and only once
    await comments(5);
    await waitFor(() => b.received.length >= 505, 10_000, 'five live events after the replay');
    const live = b.seqs((r) => !r.replay);
    expect(live).toEqual(await seqsAfter(missed[499]));
    expect(strictlyIncreasing(b.seqs())).toBe(true);
    b.close();
  });

  it('hands over from replay to live without a gap or a duplicate while events keep coming', async () => {
    const a = await liveClient(server.url, token);
    await a.subscribe({ layers: ALL_DURABLE });
    const lastSeq = a.lastSeq!;
    a.close();
    await comments(300);

    // A writer keeps committing during the reconnect, the replay and the switch to live.
    let writing = true;
    const writer = (async () => {
      let i = 0;
      while (writing) {
        await op.post(`/api/incidents/${incidentIds[i++ % incidentIds.length]}/comments`, { text: `w${i}` });
      }
    })();
    const b = await liveClient(server.url, token);
    const sub = await b.subscribe({ layers: ALL_DURABLE, lastSeq });
    expect(sub.reload).toBe(false);
    expect(sub.replayed).toBeGreaterThanOrEqual(300);
    await new Promise((r) => setTimeout(r, 1000));
    writing = false;
    await writer;
    const all = await seqsAfter(lastSeq);
    await waitFor(() => b.received.length >= all.length, 10_000, 'every event');
    expect(b.seqs()).toEqual(all);
    expect(b.seqs((r) => r.replay)).toHaveLength(sub.replayed);
    expect(b.received.slice(sub.replayed).every((r) => !r.replay)).toBe(true);
    b.close();
  });

  it('replays from the database on an instance that started after the events', async () => {
    const a = await liveClient(server.url, token);
    await a.subscribe({ layers: ALL_DURABLE });
    const lastSeq = a.lastSeq!;
    a.close();
    await comments(520);
    // A second live instance on the same database: its memory starts after these events.
    const other = await startTestServer({ IOC_ROLES: 'live', DATABASE_URL: server.databaseUrl });
    try {
      const missed = await seqsAfter(lastSeq);
      const b = await liveClient(other.url, token);
      const sub = await b.subscribe({ layers: ALL_DURABLE, lastSeq });
      expect(sub).toMatchObject({ replayed: 520, reload: false });
      expect(b.seqs()).toEqual(missed);
      await comments(2);
      await waitFor(() => b.received.length >= 522, 10_000, 'live events on the second instance');
      expect(strictlyIncreasing(b.seqs())).toBe(true);
      b.close();
    } finally {
      await other.stop();
    }
  });

  it('filters the replay by layer and bbox but still resumes from the right place', async () => {
    const a = await liveClient(server.url, token);
    await a.subscribe({ layers: ALL_DURABLE });
    const lastSeq = a.lastSeq!;
    a.close();
    await comments(20);
    // incidentIds[0] sits at (10.9, 108.0): a small box around it only
    const b = await liveClient(server.url, token);
    const sub = await b.subscribe({ layers: ['incidents'], bbox: [107.99, 10.89, 108.01, 10.91], lastSeq });
    expect(sub.replayed).toBe(2);
    expect(b.received.map((r) => r.event.entityId)).toEqual([incidentIds[0], incidentIds[0]]);
    const units = await liveClient(server.url, token);
    expect((await units.subscribe({ layers: ['units'], lastSeq })).replayed).toBe(0);
    b.close();
    units.close();
  });

  it('tells a client beyond the replay bound (or with an unknown seq) to reload its snapshot', async () => {
    const a = await liveClient(server.url, token);
    await a.subscribe({ layers: ALL_DURABLE });
    const lastSeq = a.lastSeq!;
    a.close();
    await comments(601); // LIVE_REPLAY_MAX_EVENTS is 600 here

    const b = await liveClient(server.url, token);
    const sub = await b.subscribe({ layers: ALL_DURABLE, lastSeq });
    expect(sub).toMatchObject({ reload: true, replayed: 0, replayLimit: { events: 600, seconds: 3600 } });
    expect(b.received).toHaveLength(0);
    // still live from where it stands now
    await comments(1);
    await waitFor(() => b.received.length === 1, 10_000, 'a live event after the reload');
    expect(b.received[0].replay).toBe(false);

    const c = await liveClient(server.url, token);
    expect(await c.subscribe({ layers: ALL_DURABLE, lastSeq: 10_000_000 })).toMatchObject({ reload: true });
    b.close();
    c.close();
  });

  it('answers an invalid subscribe with live:error and stays connected', async () => {
    const c = await liveClient(server.url, token);
    const err = new Promise<string>((resolve) => c.socket.once('live:error', (e) => resolve(e.message)));
    c.socket.emit('live:subscribe', { layers: ['weather'] } as never);
    expect(await err).toMatch(/layers/);
    expect((await c.subscribe({ layers: ['incidents'] })).reload).toBe(false);
    c.close();
  });
});
