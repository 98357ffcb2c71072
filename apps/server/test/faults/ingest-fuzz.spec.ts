import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { NormalizedRecordSchema } from '@ioc/contracts/feed-result.schema';
import { ADAPTER_NAMES, type AdapterName } from '@ioc/feeds/adapter.types';
import mqtt from 'mqtt';
import { fuzzCases, fuzzSeed } from '@ioc/feeds/fuzz.util';
import type { BootContext } from '../../src/config/boot.context';
import { EnvSchema } from '../../src/config/config.schema';
import { CityService } from '../../src/devices/city.service';
import { FeedRouter } from '../../src/ingest/feed.router';
import {
  adminToken,
  assertBuilt,
  jwtSecretFor,
  startServerProcess,
  type ServerProcess,
} from '../support/server-process';
import { startFaultBroker, type TestBroker } from '../support/test-broker';
import { createTestDatabase, sql, waitFor } from '../support/test-db';
import { forgetSession } from '../support/test-server';

// Fuzzing the ingest path. 1) 100,000 seeded payloads per adapter (random bytes, byte mutations of the
// real fixtures, structure-aware JSON mutations, random JSON; libs/feeds/src/fuzz.util.ts) through the
// server's own FeedRouter: every outcome is either contract-valid records or a rejection with a reason
// (what the ingest dead-letters), never a throw and never the router's "adapter error" guard. 2) A smaller
// batch through MQTT into a real server process: it keeps running, no unhandled rejection, and every
// payload the router rejects is in dead_letters.
jest.setTimeout(300_000);

const PURE_RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const MQTT_RUNS = Number(process.env.FUZZ_MQTT_RUNS ?? 1_000);
const root = join(__dirname, '../../../..');
const boot = {
  config: EnvSchema.parse({}),
  repoRoot: root,
} as unknown as BootContext;
const router = new FeedRouter(new CityService(boot), boot);
const receivedAt = new Date('2024-11-22T08:00:00.000Z');

/** MQTT filter matching (`+` one level, `#` the rest): which fuzzed topics the server subscribes to. */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
const subscribed = (topic: string) => router.filters().some((f) => matches(f, topic));

let unhandled = 0;
const onUnhandled = () => unhandled++;
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

describe(`${PURE_RUNS} payloads per adapter through the ingest router`, () => {
  it.each([...ADAPTER_NAMES] as AdapterName[])('%s', (name) => {
    const n = { accepted: 0, skipped: 0, deadLettered: 0 };
    let i = 0;
    for (const { topic, payload } of fuzzCases(name, PURE_RUNS, fuzzSeed(name, 100))) {
      i++;
      const out = router.route(topic, Buffer.from(payload), receivedAt, { retained: false });
      if (out.kind === 'rejected') {
        if (!out.reason.trim() || out.reason.startsWith('adapter error'))
          throw new Error(`${name} #${i} (seed ${fuzzSeed(name, 100)}): ${out.reason}`);
        n.deadLettered++;
      } else if (out.records.length === 0) {
        n.skipped++;
      } else {
        for (const r of out.records) {
          const parsed = NormalizedRecordSchema.safeParse(r);
          if (!parsed.success)
            throw new Error(`${name} #${i} produced an invalid record: ${parsed.error.issues[0]?.message}`);
        }
        n.accepted++;
      }
    }
    console.log(
      `fuzz ${name}: ${i} payloads, ${n.accepted} accepted, ${n.skipped} skipped, ${n.deadLettered} dead-lettered, 0 crashes, ${unhandled} unhandled rejections`,
    );
    expect(i).toBe(PURE_RUNS);
    expect(n.deadLettered).toBeGreaterThan(PURE_RUNS / 10);
    expect(unhandled).toBe(0);
  });
});

describe('fuzzed payloads through MQTT into a server process', () => {
  let broker: TestBroker;
  let db: { url: string; drop: () => Promise<void> };
  let server: ServerProcess | null = null;
  const secret = jwtSecretFor('fuzz');

  beforeAll(async () => {
    assertBuilt();
    broker = await startFaultBroker();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.kill();
    if (server) await forgetSession(broker.url, server.clientId);
    await broker?.stop();
    await db?.drop();
  });

  it(`dead-letters every rejection of ${MQTT_RUNS} payloads per adapter and keeps running`, async () => {
    server = await startServerProcess({
      databaseUrl: db.url,
      mqttUrl: broker.url,
      roles: 'ingest,api',
      env: { MQTT_SHARED_GROUP: `fz${Date.now().toString(36)}` },
      jwtSecret: secret,
    });
    const token = await adminToken(db.url, secret);
    const pub = await mqtt.connectAsync(broker.url, { clientId: `fz-pub-${Date.now().toString(36)}` });
    // What the router rejects, by (topic, payload digest): each must come back as a dead letter.
    const expected = new Map<string, number>();
    let published = 0;
    let delivered = 0; // published on a topic the server subscribes to
    for (const name of ADAPTER_NAMES) {
      for (const { topic, payload } of fuzzCases(name, MQTT_RUNS, fuzzSeed(name, 200))) {
        const buf = Buffer.from(payload);
        // Topics with MQTT wildcards or empty levels cannot be published; the broker would refuse them.
        if (/[+#]/.test(topic) || topic.includes('\u0000')) continue;
        // the server judges times against its own clock at arrival
        const out = router.route(topic, buf, new Date(), { retained: false });
        const reaches = subscribed(topic);
        if (reaches) delivered++;
        if (reaches && out.kind === 'rejected') {
          const key = `${topic}\u0000${createHash('sha256').update(buf).digest('hex')}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        await pub.publishAsync(topic, buf, { qos: 1 });
        published++;
      }
    }
    await pub.endAsync();
    const stats = await waitFor(
      async () => {
        const r = await fetch(`${server!.url}/api/ingest/stats`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const s = (await r.json()) as {
          received: number;
          acked: number;
          queued: number;
          pendingAcks: number;
        };
        return s.acked >= delivered && s.queued === 0 && s.pendingAcks === 0 ? s : null;
      },
      120_000,
      `${delivered} messages acknowledged`,
    );
    const rows = await sql<{ topic: string; sha: string }>(
      db.url,
      "SELECT topic, encode(payload_sha256, 'hex') AS sha FROM dead_letters",
    );
    const stored = new Map<string, number>();
    for (const r of rows)
      stored.set(`${r.topic}\u0000${r.sha}`, (stored.get(`${r.topic}\u0000${r.sha}`) ?? 0) + 1);
    let missing = 0;
    for (const [k, n] of expected) if ((stored.get(k) ?? 0) < n) missing += n - (stored.get(k) ?? 0);
    const rejections = [...expected.values()].reduce((a, b) => a + b, 0);
    console.log(
      `fuzz via MQTT: published ${published} (${delivered} on subscribed topics), ${rejections} rejected by the router, ${rows.length} dead letters stored, ${missing} rejections missing, server alive: ${server.child.exitCode === null}`,
    );
    expect(stats.received).toBe(delivered);
    expect(missing).toBe(0);
    expect(server.child.exitCode).toBeNull();
    expect(server.stderr()).not.toMatch(/unhandled|uncaught/i);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
