import mqtt, { type MqttClient } from 'mqtt';
import { DeviceMonitorService } from '../src/devices/device-monitor.service';
import { IngestService } from '../src/ingest/ingest.service';
import type { IncidentProposal } from '../src/incidents/incident-proposal.types';
import { Lane } from '../src/rules/proposal.queue';
import { RulesEngineService } from '../src/rules/rules-engine.service';
import { SignalProcessorService } from '../src/rules/signal-processor.service';
import { frigateEvent, senml } from './support/feed-payloads';
import { makeRulesCity, testCamera, testSensor, type RulesCity } from './support/rules-city';
import { sql, waitFor } from './support/test-db';
import { startFaultBroker, type TestBroker } from './support/test-broker';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Issue 14, acceptance 3: real alarms never wait behind noise. A flood of device-offline transitions
 * (30,000 Zigbee2MQTT availability `offline` messages and 1,000 self-registered SenML ids gone silent)
 * must neither delay a Frigate fire alarm beyond 2 s from its ingest, nor lose a single transition on the
 * way to the incidents, nor open more than one incident per feed and ward. Self-registration is capped per
 * feed. Runs on a Mosquitto of its own: 31,000 messages on a shared broker would reach every other test
 * server subscribed to the same feeds.
 */

jest.setTimeout(240_000);

const run = Date.now().toString(36);
const FIRE_CAM = `ap-fire-${run}`;
const SELF_SENML = 1000; // the SenML cap of this server
const FLOOD = 30_000; // Zigbee2MQTT availability `offline` messages of self-registered ids
const WARD_A = 'phu-thuy';
const WARD_B = 'xuan-an';
/** Registered (city.json) Zigbee sensors, 12 in each of two wards, going offline with the flood. */
const CITY_ZIGBEE = Array.from({ length: 24 }, (_, i) =>
  testSensor(`ap-z-${run}-${i}`, 'flood_sensor', ['water_leak'], 10.93 + i * 0.001, 108.1, {
    format: 'zigbee2mqtt',
    ward: i < 12 ? WARD_A : WARD_B,
  }),
);

let broker: TestBroker;
let city: RulesCity;
let server: TestServer;
let pub: MqttClient;

beforeAll(async () => {
  broker = await startFaultBroker();
  city = makeRulesCity({
    cameras: [testCamera(FIRE_CAM, 10.99, 108.25)],
    sensors: CITY_ZIGBEE,
    rules: [
      { id: 'fire', type: 'camera', cameras: [FIRE_CAM], labels: ['fire', 'smoke'], minScore: 0.6 },
      { id: 'nvr', type: 'device_offline', devices: { ids: ['frigate'] }, category: 'security' },
      { id: 'offline', type: 'device_offline', severity: 'Minor' },
    ],
  });
  server = await startTestServer({
    CITY_DIR: city.dir,
    MQTT_URL: broker.url,
    DEVICE_AUTOREGISTER_BY_FEED: `senml=${SELF_SENML},zigbee2mqtt=${FLOOD + 1}`,
    // small, so the last test can overflow it (the flood above never needs it: offline has its own lane)
    RULES_QUEUE_MAX: '10',
  });
  pub = await mqtt.connectAsync(broker.url, { clientId: `pub-alarm-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  await broker?.stop();
  city?.cleanup();
});

const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);
const count = async (text: string, params: unknown[] = []) =>
  Number((await db<{ n: string }>(text, params))[0].n);

/** QoS 1 over one connection, a window of 500 in flight at a time (light on a shared 2-core machine). */
async function publishAll(messages: { topic: string; payload: string }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 500)
    await Promise.all(
      messages.slice(i, i + 500).map((m) => pub.publishAsync(m.topic, m.payload, { qos: 1 })),
    );
}

const selfId = (i: number) => `ap-s-${run}-${i}`;
const offline = (id: string) => ({ topic: `zigbee2mqtt/${id}/availability`, payload: '{"state":"offline"}' });
const offlineEvents = () => count(`SELECT count(*) AS n FROM device_events WHERE kind = 'offline'`);

it('caps self-registration per feed: new ids beyond the cap are dead letters; known ids keep flowing', async () => {
  const t = Date.now() - 5000;
  await publishAll(
    Array.from({ length: SELF_SENML + 10 }, (_, i) => ({
      topic: `ioc/senml/${selfId(i)}`,
      payload: senml(selfId(i), [['pm25', 'ug/m3', 10, t]]),
    })),
  );
  const refused = () =>
    count(`SELECT count(*) AS n FROM dead_letters WHERE topic LIKE $1 AND reason LIKE 'device_cap%'`, [
      `ioc/senml/ap-s-${run}-%`,
    ]);
  const registered = () =>
    count(`SELECT count(*) AS n FROM devices WHERE id LIKE $1 AND NOT from_config`, [`ap-s-${run}-%`]);
  await waitFor(async () => (await refused()) === 10 && (await registered()) === SELF_SENML, 60_000, 'cap');
  // a device admitted earlier is never refused, even with its feed at the cap
  await publishAll([
    { topic: `ioc/senml/${selfId(0)}`, payload: senml(selfId(0), [['pm25', 'ug/m3', 11, t + 1000]]) },
  ]);
  await waitFor(
    async () => (await count(`SELECT count(*) AS n FROM readings WHERE device_id = $1`, [selfId(0)])) === 2,
    15_000,
    'known device accepted',
  );
  // one registered meanwhile by another ingest instance (a row this instance has never seen) is looked up, not refused
  const other = `ap-s-${run}-other`;
  await db(`INSERT INTO devices (id, name, source, search_text) VALUES ($1, $1, 'senml', $1)`, [other]);
  await publishAll([{ topic: `ioc/senml/${other}`, payload: senml(other, [['pm25', 'ug/m3', 12, t]]) }]);
  await waitFor(
    async () => (await count(`SELECT count(*) AS n FROM readings WHERE device_id = $1`, [other])) === 1,
    15_000,
    "another instance's device accepted",
  );
  expect(await refused()).toBe(10);
  await db(`DELETE FROM devices WHERE id = $1`, [other]); // back to exactly the cap for the tests below
  expect(await registered()).toBe(SELF_SENML);
});

it('a self-registered device going offline alone opens nothing; the NVR, named by a rule, does', async () => {
  const lone = `ap-lone-${run}`;
  await publishAll([offline(lone), { topic: 'frigate/available', payload: 'offline' }]);
  await waitFor(
    async () =>
      (await count(`SELECT count(*) AS n FROM device_events WHERE kind = 'offline' AND device_id = ANY($1)`, [
        [lone, 'frigate'],
      ])) === 2,
    15_000,
    'both offline',
  );
  await server.app.get(IngestService).drain();
  await server.app.get(RulesEngineService).idle();
  expect(await db(`SELECT key, source FROM incidents WHERE key LIKE 'offline%'`)).toEqual([
    { key: 'offline:frigate', source: 'nvr' },
  ]);
});

it('a Frigate fire alarm opens within 2 s of ingest while 31,000 offline transitions are in the pipeline', async () => {
  const engine = server.app.get(RulesEngineService);
  const base = { seen: engine.stats.offline, events: await offlineEvents() };
  // The 1,000 self-registered SenML ids fall silent (last heard an hour ago: over 3x their 300 s interval).
  await db(`UPDATE devices SET last_seen = now() - interval '1 hour' WHERE id LIKE $1 AND NOT from_config`, [
    `ap-s-${run}-%`,
  ]);
  const flood = [
    ...CITY_ZIGBEE.map((s) => offline(s.id)),
    ...Array.from({ length: FLOOD }, (_, i) => offline(`ap-zz-${run}-${i}`)),
  ];
  const publishing = publishAll(flood);
  // (the monitor's own 15 s timer may be the one that finds them: either way each goes offline once)
  const silent = server.app.get(DeviceMonitorService).check();
  // The fire comes while the flood is half through the pipeline and offline incidents are being raised
  // (so device-health work is queued ahead of it).
  await waitFor(
    async () =>
      (await offlineEvents()) >= base.events + 15_000 &&
      (await count(`SELECT count(*) AS n FROM incidents WHERE source = 'offline'`)) > 0,
    120_000,
    'half of the flood stored and offline incidents being raised',
  );
  const fireId = `${Date.now() / 1000}.1-${run}`;
  // what the pipeline holds when the fire comes (reported: the offline lane is busy, grouping waits)
  // (read defensively: run against a build without these, the test fails on the latency, not here)
  const pipeline = engine as Partial<RulesEngineService> & { queue: Partial<RulesEngineService['queue']> };
  const before = {
    lanes: pipeline.queue.laneDepths?.(),
    grouping: pipeline.offline?.waiting,
    ...engine.queue.stats,
  };
  const published = Date.now();
  await pub.publishAsync(
    'frigate/events',
    frigateEvent({
      id: fireId,
      camera: FIRE_CAM.replace(/-/g, '_'),
      label: 'fire',
      startMs: Date.now() - 1000,
      score: 0.9,
    }),
    { qos: 1 },
  );
  const fire = await waitFor(
    async () =>
      (
        await db<{ id: string; opened_at: Date; received_at: Date }>(
          `SELECT i.id, i.opened_at, e.received_at FROM incidents i JOIN camera_events e ON e.id = $2
            WHERE i.key = $1`,
          [`camera:fire:${fireId}`, fireId],
        )
      )[0],
    90_000,
    'fire incident',
  );
  // Committed and visible (polled every 100 ms, so this errs on the late side) after the ingest received it.
  const seenAt = Date.now();
  const ingestToVisibleMs = seenAt - fire.received_at.getTime();
  console.log(
    `alarm priority: fire incident visible ${ingestToVisibleMs} ms after ingest (opened_at ` +
      `${fire.opened_at.getTime() - fire.received_at.getTime()} ms; ${seenAt - published} ms after publish); ` +
      `at the fire: ${JSON.stringify(before)}`,
  );
  expect(ingestToVisibleMs).toBeLessThanOrEqual(2000);

  await publishing;
  await silent;
  const transitions = SELF_SENML + CITY_ZIGBEE.length + FLOOD;
  await waitFor(
    async () => (await offlineEvents()) === base.events + transitions,
    120_000,
    'every transition stored',
  );
  await server.app.get(IngestService).drain();
  await engine.idle();

  // ≤ 1 incident per feed and ward, and every transition is in one of them (nothing dropped, counted in the DB)
  const incidents = await db<{
    id: string;
    key: string;
    ward: string | null;
    n: string;
    listed: string;
    distinct: string;
  }>(
    `SELECT i.id, i.key, i.ward, count(*) AS n,
            sum(jsonb_array_length(e.data->'devices')) AS listed,
            (SELECT count(DISTINCT d) FROM incident_evidence e2, jsonb_array_elements_text(e2.data->'devices') d
              WHERE e2.incident_id = i.id) AS distinct
       FROM incidents i JOIN incident_evidence e ON e.incident_id = i.id
      WHERE i.key LIKE 'offline-mass:%'
      GROUP BY i.id, i.key, i.ward ORDER BY i.key`,
  );
  const byGroup = new Map<string, number>();
  for (const i of incidents) byGroup.set(i.key, (byGroup.get(i.key) ?? 0) + 1);
  expect([...byGroup.values()].every((n) => n === 1)).toBe(true);
  expect(incidents.map((i) => [i.key, i.ward, Number(i.listed)])).toEqual([
    ['offline-mass:senml:-', null, SELF_SENML],
    [`offline-mass:zigbee2mqtt:-`, null, FLOOD],
    [`offline-mass:zigbee2mqtt:${WARD_A}`, WARD_A, 12],
    [`offline-mass:zigbee2mqtt:${WARD_B}`, WARD_B, 12],
  ]);
  expect(incidents.every((i) => i.listed === i.distinct)).toBe(true);

  // the pipeline's own counters: everything that entered was raised or merged into a raised proposal
  const s = engine.stats;
  const q = engine.queue.stats;
  expect(s.offline - base.seen).toBe(transitions);
  expect(q.entered).toBe(q.raised + q.merged + q.skipped + q.spilled);
  expect(q.errors).toBe(0);
  expect(q.dropped).toBe(0);
  const metrics = await (await server.as('supervisor')).get('/api/metrics');
  expect(String(metrics.body)).toMatch(/ioc_rules_proposals_total\{[^}]*kind="dropped"[^}]*\} 0/);

  console.log(
    `alarm priority: ${transitions} offline transitions, ${incidents.length} offline incidents, queue ${JSON.stringify(q)}`,
  );
});

it('past RULES_QUEUE_MAX, proposals wait in incident_signals and are raised from there: none dropped', async () => {
  const engine = server.app.get(RulesEngineService);
  const before = { ...engine.queue.stats };
  const proposals = Array.from({ length: 40 }, (_, i): IncidentProposal => ({
    key: `spill:${run}:${i}`,
    ruleId: 'spill-test',
    category: 'other',
    severity: 'Minor',
    title: { vi: `Đề xuất ${i}`, en: `Proposal ${i}` },
    description: `proposal ${i}`,
    lat: null,
    lon: null,
    time: new Date().toISOString(),
    evidence: { kind: 'reading', ref: `spill-${run}-${i}`, data: { i } },
  }));
  // all at once: one is taken at once, ten wait in memory, the other 29 go to the durable queue
  for (const p of proposals) engine.queue.push(async () => p, Lane.normal);
  await engine.idle();
  const signals = server.app.get(SignalProcessorService);
  await waitFor(
    async () => {
      await signals.settle();
      return (
        (await count(`SELECT count(*) AS n FROM incidents WHERE key LIKE $1`, [`spill:${run}:%`])) === 40
      );
    },
    30_000,
    '40 incidents',
  );
  const q = engine.queue.stats;
  expect(q.spilled - before.spilled).toBe(29);
  expect(q.raised - before.raised).toBe(11);
  expect(q.dropped).toBe(0);
  const parked = await db<{ incident_id: string | null; processed: boolean }>(
    `SELECT incident_id, processed_at IS NOT NULL AS processed FROM incident_signals
      WHERE kind = 'proposal' AND source_id LIKE $1`,
    [`spill:${run}:%`],
  );
  expect(parked).toHaveLength(29);
  expect(parked.every((p) => p.processed && p.incident_id !== null)).toBe(true);
});
