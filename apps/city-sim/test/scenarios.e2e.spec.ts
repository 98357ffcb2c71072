import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import type { Incident } from '@ioc/contracts/incident.schema';
import { startScenario } from '../src/scenario.runner';
import type { SimMessage } from '../src/message.generator';
import type { ScenarioManifest, ScenarioName } from '../src/scenario.types';
// End-to-end by design: the simulator against a real in-process server, through the server's own test
// support (fresh database, logged-in clients). Only this test crosses the project boundary.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { sql, waitFor } from '../../server/test/support/test-db';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startFaultBroker, type TestBroker } from '../../server/test/support/test-broker';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestServer, type TestServer } from '../../server/test/support/test-server';

/**
 * Acceptance 1 and 3 of the simulator: every scenario, run time-compressed against a real server (real
 * broker and database, the demo city and its rules), opens the incidents its manifest states; every
 * message it publishes is accepted by the ingest except the deliberately malformed ones, which are in
 * dead_letters. One fresh server (and database) per scenario: runs overlap in simulated time.
 */

jest.setTimeout(240_000);

// The scenarios publish the whole city on the real topics (citizen reports, camera events…): on the
// shared test broker every other test server running meanwhile would ingest them too. A Mosquitto of
// their own keeps them apart (the shared broker only where no Mosquitto is installed).
let broker: TestBroker;
beforeAll(async () => {
  broker = await startFaultBroker();
});
afterAll(async () => {
  await broker?.stop();
});

const SEVERITY_ORDER = ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'];

async function runAndCheck(name: ScenarioName, faults = { offlineShare: 0.05, malformedRate: 0.004 }) {
  const server: TestServer = await startTestServer({ MQTT_URL: broker.url });
  try {
    const sent: SimMessage[] = [];
    const run = await startScenario({
      url: broker.url,
      scenario: name,
      seed: 7,
      faults,
      onMessage: (m) => sent.push(m),
    });
    const stats = await run.done;
    expect(stats.failed).toBe(0);
    const manifest: ScenarioManifest = run.manifest;
    const op = await server.as('operator');

    // Every expected incident appears with its category, ward, final severity and evidence.
    for (const e of manifest.expected) {
      const detail = await waitFor(
        async () => {
          const list = await op.get('/api/incidents?limit=200');
          for (const i of list.body.items as Incident[]) {
            const d = (await op.get(`/api/incidents/${i.id}`)).body as IncidentDetail;
            if (d.key !== e.key) continue;
            const kinds = new Set(d.evidence.map((x) => x.kind));
            const severityOk = SEVERITY_ORDER.indexOf(d.severity) >= SEVERITY_ORDER.indexOf(e.severity);
            if (severityOk && (e.evidence ?? []).every((k) => kinds.has(k))) return d;
          }
          return null;
        },
        60_000,
        `${name}: incident ${e.key} (${e.severity}, evidence ${e.evidence?.join('+') ?? '-'})`,
      );
      expect(detail).toMatchObject({ key: e.key, category: e.category, severity: e.severity, ward: e.ward });
    }

    // Camera scenarios also script detections that must open nothing (low score, unlisted plate): the
    // security incidents opened by this run's Frigate events are exactly the expected ones. (The broker is
    // shared with other test runs, so incidents from other publishers are left out, not counted.)
    if (manifest.expected.length > 0 && manifest.expected.every((e) => e.category === 'security')) {
      const ours = new Set(
        sent
          .filter((m) => m.topic === 'frigate/events')
          .map((m) => (JSON.parse(m.payload.toString()) as { after: { id: string } }).after.id),
      );
      const list = await op.get('/api/incidents?category=security&limit=200');
      const keys: string[] = [];
      for (const i of list.body.items as Incident[]) {
        const d = (await op.get(`/api/incidents/${i.id}`)).body as IncidentDetail;
        if (ours.has(d.key.split(':').pop() ?? '')) keys.push(d.key);
      }
      expect(keys.sort()).toEqual(manifest.expected.map((e) => e.key).sort());
    }

    // The ingest dead-letters exactly the deliberately malformed messages: each of ours that is malformed
    // is in dead_letters, none of ours that is not. Compared by topic and bytes, so dead letters of other
    // publishers on the shared broker do not count.
    const wire = (topic: string, hex: string) => `${topic} ${hex}`;
    const malformed = new Set(
      sent.filter((m) => m.malformed).map((m) => wire(m.topic, m.payload.toString('hex'))),
    );
    const valid = new Set(
      sent.filter((m) => !m.malformed).map((m) => wire(m.topic, m.payload.toString('hex'))),
    );
    // (identical broken payloads on one topic count once here)
    expect(sent.filter((m) => m.malformed).length).toBe(stats.malformed);
    const deadOfOurs = async () => {
      const rows = await sql<{ topic: string; hex: string }>(
        server.databaseUrl,
        "SELECT topic, encode(payload, 'hex') AS hex FROM dead_letters",
      );
      const dead = rows.map((r) => wire(r.topic, r.hex));
      return { malformed: dead.filter((d) => malformed.has(d)), valid: dead.filter((d) => valid.has(d)) };
    };
    await waitFor(
      async () => (await deadOfOurs()).malformed.length >= malformed.size,
      30_000,
      `${malformed.size} dead letters`,
    );
    // Let any straggler land before checking that no valid message was dead-lettered.
    await new Promise((r) => setTimeout(r, 1000));
    const dead = await deadOfOurs();
    expect(new Set(dead.malformed)).toEqual(malformed);
    expect(dead.valid).toEqual([]);
    return { manifest, sent };
  } finally {
    await server.close();
  }
}

describe('city-sim scenarios end to end', () => {
  it('pollution-episode: VN_AQI of the Phong Nẫm stations reaches Xấu', async () => {
    const { manifest } = await runAndCheck('pollution-episode');
    expect(manifest.expected.map((e) => e.key)).toEqual([
      'aqi:vn-aqi-poor:pt-aq-15',
      'aqi:vn-aqi-poor:pt-aq-16',
      'aqi:vn-aqi-poor:pt-aq-17',
    ]);
  });

  it('flood: Cà Ty gauges pass alarm levels I, II and III, the underpass floods, heavy rain', async () => {
    const { manifest } = await runAndCheck('flood');
    expect(manifest.expected.map((e) => [e.key, e.severity])).toEqual([
      ['flood:flood-alarm:pt-wl-01', 'Extreme'],
      ['flood:flood-alarm:pt-wl-02', 'Severe'],
      ['flood:flood-alarm:pt-wl-03', 'Moderate'],
      ['threshold:street-flooding:pt-fl-03', 'Moderate'],
      ['threshold:heavy-rain:pt-wx-01', 'Minor'],
    ]);
  });

  it('market-fire: one fire incident joined by the flames, the PM2.5 spike and the calls', async () => {
    const { manifest, sent } = await runAndCheck('market-fire');
    expect(manifest.expected).toHaveLength(1);
    expect(sent.filter((m) => m.topic === 'ioc/reports')).toHaveLength(2);
    expect(sent.filter((m) => m.topic === 'frigate/events')).toHaveLength(6);
  });

  it('night-intrusion: a person on the port pier and a motorbike on the beach at night', async () => {
    const { manifest } = await runAndCheck('night-intrusion');
    const h = new Date(manifest.startMs + 7 * 3_600_000).getUTCHours();
    expect(h >= 22 || h < 4).toBe(true);
    expect(manifest.expected.map((e) => e.rule)).toEqual(['night-intrusion-market', 'beach-night-vehicle']);
  });

  it('watchlist-plate: two watch-listed plates, two security incidents', async () => {
    const { manifest } = await runAndCheck('watchlist-plate');
    expect(manifest.expected.map((e) => e.ward)).toEqual(['duc-nghia', 'phu-trinh']);
  });

  it('normal: every message accepted but the deliberately malformed ones', async () => {
    const { manifest, sent } = await runAndCheck('normal', { offlineShare: 0.1, malformedRate: 0.01 });
    expect(manifest.expected).toEqual([]);
    expect(sent.filter((m) => m.malformed).length).toBeGreaterThan(0);
    expect(new Set(sent.map((m) => m.format))).toEqual(
      new Set(['senml', 'fiware', 'ttn', 'zigbee2mqtt', 'owntracks']),
    );
  });
});
