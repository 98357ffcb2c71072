import { Client } from 'pg';
import { LiveEventSchema } from '@ioc/contracts/live-event.schema';
import { CameraEventsRepository, type StoredCameraEvent } from '../src/cameras/camera-events.repository';
import { IncidentsService } from '../src/incidents/incidents.service';
import { LiveEventsRepository } from '../src/outbox/live-events.repository';
import { proposal } from './support/incident-fixtures';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let listener: Client;
const notified: number[] = [];

beforeAll(async () => {
  server = await startTestServer({ IOC_ROLES: 'api' });
  listener = new Client({ connectionString: server.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => n.channel === 'live_events' && notified.push(Number(n.payload)));
  await listener.query('LISTEN live_events');
});

afterAll(async () => {
  await listener?.end();
  await server?.close();
});

const cameraEvent = (over: Partial<StoredCameraEvent>): StoredCameraEvent => ({
  id: '1740812400.123456-live',
  camera: 'cam-cho-phan-thiet',
  frigateCamera: 'cam_cho_phan_thiet',
  phase: 'new',
  label: 'person',
  subLabel: null,
  score: 0.7,
  topScore: 0.7,
  zones: [],
  startTime: '2025-03-01T07:00:00.123Z',
  endTime: null,
  falsePositive: false,
  hasSnapshot: false,
  hasClip: false,
  snapshotUrl: null,
  clipUrl: null,
  plate: null,
  source: 'frigate',
  receivedAt: '2025-03-01T07:00:01.000Z',
  ...over,
});

describe('live_events outbox', () => {
  it('appends camera-event changes in the upsert transaction; an ignored late update appends nothing', async () => {
    const repo = server.app.get(CameraEventsRepository);
    const live = server.app.get(LiveEventsRepository);
    const start = await live.lastSeq();
    await repo.upsert([cameraEvent({}), cameraEvent({ id: '1740812400.5-other', label: 'car' })]);
    await repo.upsert([cameraEvent({ phase: 'update', score: 0.9, topScore: 0.9, zones: ['market'] })]);
    await repo.upsert([cameraEvent({ phase: 'end', endTime: '2025-03-01T07:01:00Z' })]);
    // Frigate can send an update after end: the upsert ignores it, so there is no live event either
    await repo.upsert([cameraEvent({ phase: 'update', score: 0.1 })]);
    const events = (await live.since(start)).filter((e) => e.kind === 'camera_event');
    expect(events.map((e) => [e.entityId, e.op])).toEqual([
      ['1740812400.123456-live', 'new'],
      ['1740812400.5-other', 'new'],
      ['1740812400.123456-live', 'update'],
      ['1740812400.123456-live', 'end'],
    ]);
    expect(events[2].payload).toMatchObject({ score: 0.9, zones: ['market'], phase: 'update' });
    expect(events[3].payload).toMatchObject({ endTime: '2025-03-01T07:01:00.000Z', phase: 'end' });
    for (const e of events) expect(LiveEventSchema.safeParse(e).success).toBe(true);
  });

  it('numbers every change with a strictly increasing seq and NOTIFYs the highest one at commit', async () => {
    const live = server.app.get(LiveEventsRepository);
    const start = await live.lastSeq();
    const incidents = server.app.get(IncidentsService);
    const op = await server.as('operator');
    // concurrent writers: raises, commands and camera upserts interleave
    const { incidentId } = await incidents.raise(proposal());
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        incidents.raise(proposal({ lat: 10.9 + i * 0.01, lon: 108.05 })),
      ),
      op.post(`/api/incidents/${incidentId}/ack`, {}),
      op.post(`/api/incidents/${incidentId}/comments`, { text: 'a' }),
      server.app.get(CameraEventsRepository).upsert([cameraEvent({ id: '1740812500.1-seq' })]),
    ]);
    const events = await live.since(start);
    expect(events.length).toBe(1 + 5 + 2 + 1);
    const seqs = events.map((e) => e.seq);
    expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1])).toBe(true);
    for (const e of events) expect(LiveEventSchema.safeParse(e).success).toBe(true);
    const last = seqs.at(-1)!;
    await waitFor(() => notified.includes(last), 5000, `NOTIFY ${last}`);
    expect(Math.max(...notified)).toBe(last);

    // each incident change has its audit row and its live event
    const audits = await sql<{ n: string }>(
      server.databaseUrl,
      'SELECT count(*) AS n FROM incident_events WHERE incident_id = $1',
      [incidentId],
    );
    expect(events.filter((e) => e.entityId === incidentId)).toHaveLength(Number(audits[0].n));
  });

  it('rolls the live event back with a refused command', async () => {
    const live = server.app.get(LiveEventsRepository);
    const { incidentId } = await server.app
      .get(IncidentsService)
      .raise(proposal({ lat: 10.96, lon: 108.06 }));
    const start = await live.lastSeq();
    const op = await server.as('operator');
    await op.post(`/api/incidents/${incidentId}/ack`, {});
    // dispatching an unknown unit fails inside the transaction, after the incident row was locked
    expect((await op.post(`/api/incidents/${incidentId}/dispatch`, { unitIds: ['ghost'] })).status).toBe(400);
    const events = await live.since(start);
    expect(events.map((e) => e.op)).toEqual(['ack']);
  });
});
