import { mulberry32 } from '@ioc/domain/mulberry32.prng';
import mqtt, { type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeadLettersRepository } from '../src/ingest/dead-letters.repository';
import { IngestService } from '../src/ingest/ingest.service';
import { sql, waitFor } from './support/test-db';
import { startFaultBroker, type TestBroker } from './support/test-broker';
import type { ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(180_000);

// Bursts of thousands of QoS 1 messages: a broker configured as infra/mosquitto/mosquitto.conf says (a
// stock Mosquitto drops a client's queue beyond 1000 messages — seen in its log during these tests).
let broker: TestBroker;
let server: TestServer;
let api: ApiClient;
let pub: MqttClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  broker = await startFaultBroker();
  server = await startTestServer({ MQTT_URL: broker.url });
  api = await server.as('supervisor');
  pub = await mqtt.connectAsync(broker.url, { clientId: `pub-robust-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  await broker?.stop();
});

/** 10,000 messages that must all be rejected, of every kind the issue names. */
function malformed(n: number): { topic: string; payload: Buffer }[] {
  const rnd = mulberry32(42); // seeded so that a failure replays
  const valid = JSON.stringify([{ bn: `bad-${run}:`, bt: 1700000000, n: 'pm25', u: 'ug/m3', v: 12 }]);
  const big = Buffer.alloc(1024 * 1024, 0x7b); // 1 MB of "{"
  const out: { topic: string; payload: Buffer }[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 8;
    const dev = `bad-${run}-${i}`;
    switch (kind) {
      case 0: {
        const b = Buffer.alloc(1 + Math.floor(rnd() * 200));
        for (let j = 0; j < b.length; j++) b[j] = Math.floor(rnd() * 256);
        b[0] = 0xff; // never valid UTF-8 / JSON
        out.push({ topic: `ioc/senml/${dev}`, payload: b });
        break;
      }
      case 1:
        out.push({
          topic: `ioc/senml/${dev}`,
          payload: Buffer.from(valid.slice(0, 1 + Math.floor(rnd() * (valid.length - 2)))),
        });
        break;
      case 2:
        out.push({
          topic: `ioc/senml/${dev}`,
          payload: Buffer.from(JSON.stringify([{ n: 'pm25', v: 'high' }])),
        });
        break;
      case 3:
        out.push({ topic: `ioc/senml/${dev}`, payload: Buffer.from('[{"n":"pm25","v":NaN}]') });
        break;
      case 4:
        out.push({ topic: `ioc/senml/${dev}`, payload: Buffer.from('[{"n":"pm25","v":1e999}]') });
        break;
      case 5:
        // a few 1 MB payloads; the rest of this slot are oversized-but-smaller ones
        out.push({
          topic: `ioc/senml/${dev}`,
          payload: i % 400 === 5 ? big : Buffer.alloc(300 * 1024, 0x5b),
        });
        break;
      case 6:
        out.push({ topic: `ioc/unknown-feed/${dev}`, payload: Buffer.from(valid) });
        break;
      default:
        out.push({
          topic: `owntracks/${dev}/phone`,
          payload: Buffer.from(JSON.stringify({ _type: 'location', lat: 'north', lon: 108, tst: 1 })),
        });
    }
  }
  return out;
}

describe('ingest robustness (real broker + PostgreSQL)', () => {
  it('dead-letters 10,000 malformed messages with reasons and stays healthy', async () => {
    const msgs = malformed(10_000);
    const ingest = server.app.get(IngestService);
    const before = ingest.stats.deadLetters;
    // publish with a bounded window of outstanding QoS 1 publishes
    let i = 0;
    const worker = async () => {
      while (i < msgs.length) {
        const m = msgs[i++];
        await pub.publishAsync(m.topic, m.payload, { qos: 1 });
      }
    };
    await Promise.all(Array.from({ length: 100 }, worker));
    await waitFor(() => ingest.stats.deadLetters - before >= 10_000, 120_000, '10,000 dead letters');
    const [{ n, no_reason, too_big }] = await sql<{ n: string; no_reason: string; too_big: string }>(
      server.databaseUrl,
      `SELECT count(*)::text AS n,
              count(*) FILTER (WHERE reason = '' OR reason IS NULL)::text AS no_reason,
              count(*) FILTER (WHERE payload_size = 1048576 AND length(payload) <= 65536)::text AS too_big
         FROM dead_letters WHERE topic LIKE $1 OR topic LIKE $2 OR topic LIKE $3`,
      [`ioc/senml/bad-${run}-%`, `ioc/unknown-feed/bad-${run}-%`, `owntracks/bad-${run}-%`],
    );
    expect(n).toBe('10000');
    expect(no_reason).toBe('0');
    expect(Number(too_big)).toBe(25); // 1 MB payloads: stored capped, original size kept
    const reasons = await sql<{ reason: string }>(
      server.databaseUrl,
      `SELECT DISTINCT reason FROM dead_letters WHERE topic LIKE $1`,
      [`ioc/unknown-feed/bad-${run}-%`],
    );
    expect(reasons).toEqual([{ reason: 'no route' }]);
    const [{ readings }] = await sql<{ readings: string }>(
      server.databaseUrl,
      `SELECT count(*)::text AS readings FROM readings WHERE device_id LIKE $1`,
      [`bad-${run}%`],
    );
    expect(readings).toBe('0');
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const listed = (
      await api.get(`/api/dead-letters?topic=${encodeURIComponent(`ioc/unknown-feed/bad-${run}-6`)}`)
    ).body;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ reason: 'no route', adapter: null });
  });

  it('upserts a Frigate event with 5 updates and an end into one closed row', async () => {
    const fixture = JSON.parse(
      readFileSync(join(__dirname, '../../../libs/feeds/fixtures/frigate-events.json'), 'utf8'),
    );
    // a camera of the city config (events of unknown cameras are refused) and a time inside the retention window
    const start = Math.floor(Date.now() / 1000) - 120;
    const id = `${start}-${run}`;
    const msg = (type: string, extra: Record<string, unknown> = {}) => {
      const own = { id, camera: 'cam_cho_phan_thiet', start_time: start };
      const after = { ...fixture.after, ...own, ...extra };
      return JSON.stringify({ type, before: { ...fixture.before, ...own }, after });
    };
    await pub.publishAsync('frigate/events', msg('new', { end_time: null, score: 0.6 }), { qos: 1 });
    for (let k = 1; k <= 5; k++) {
      await pub.publishAsync('frigate/events', msg('update', { end_time: null, score: 0.6 + k * 0.05 }), {
        qos: 1,
      });
    }
    const end = start + 42.25;
    await pub.publishAsync('frigate/events', msg('end', { end_time: end, score: 0.9 }), { qos: 1 });
    // a late duplicate update must not reopen it
    await pub.publishAsync('frigate/events', msg('update', { end_time: null, score: 0.7 }), { qos: 1 });
    const rows = await waitFor(
      async () => {
        const r = await sql<{
          id: string;
          phase: string;
          end_time: Date | null;
          score: number;
          label: string;
        }>(server.databaseUrl, 'SELECT id, phase, end_time, score, label FROM camera_events WHERE id = $1', [
          id,
        ]);
        return r.length === 1 && r[0].phase === 'end' ? r : null;
      },
      20_000,
      'closed camera event',
    );
    await server.app.get(IngestService).drain();
    const again = await sql<{ phase: string; end_time: Date }>(
      server.databaseUrl,
      'SELECT phase, end_time FROM camera_events WHERE id = $1',
      [id],
    );
    expect(again).toHaveLength(1);
    expect(again[0].phase).toBe('end');
    expect(again[0].end_time.getTime()).toBe(Math.round(end * 1000));
    expect(rows[0].label).toBe(fixture.after.label);
  });

  it('keeps one dead letter when the broker redelivers a rejected message (DUP)', async () => {
    const repo = server.app.get(DeadLettersRepository);
    const topic = `ioc/senml/dup-${run}`;
    const dl = (redelivered: boolean, time: string) => ({
      time,
      topic,
      payload: Buffer.from('{oops'),
      payloadSize: 5,
      adapter: 'senml',
      reason: 'invalid JSON',
      redelivered,
    });
    await repo.insert([dl(false, '2026-01-01T00:00:00Z'), dl(true, '2026-01-01T00:00:01Z')]); // same batch
    await repo.insert([dl(true, '2026-01-01T00:00:05Z')]); // later batch
    await repo.insert([dl(false, '2026-01-01T00:01:00Z')]); // a new first delivery is a new event
    const [{ n }] = await sql<{ n: string }>(
      server.databaseUrl,
      'SELECT count(*)::text AS n FROM dead_letters WHERE topic = $1',
      [topic],
    );
    expect(n).toBe('2');
  });
});
