import { adaptMessage } from '@ioc/feeds/adapter.registry';
import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { DEFAULT_ROUTES } from '@ioc/feeds/topic.router';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import mqtt from 'mqtt';
import { copyField } from '../src/db/copy-text.util';
import { COPY_READINGS, readingCopyLine } from '../src/readings/readings.repository';

/**
 * The bare ingest chain, the ingest bench's baseline (run as its own process, like the server): one MQTT.js
 * client on the same broker with the server's subscription filters at QoS 1, `JSON.parse` of every payload,
 * and one raw row per message (received_at, topic, payload text) COPYed (text format) into the index-free
 * table `bench_chain_raw`, in batches flushed at 2000 rows or 50 ms, one COPY at a time. Acknowledged on
 * receipt (MQTT.js default): no adapters, no validation, no dead letters, no ack-after-commit.
 *
 * CHAIN_MODE=stored is the same chain storing what the server stores: the pure adapters (libs/feeds, as the
 * server runs them) instead of `JSON.parse`, and their readings and unit positions COPYed into the uniquely
 * keyed `readings` and `unit_positions` tables — the least any ingest with 0 duplicates must do. Still acked on
 * receipt: no device admission, registries, live state, rules, dead letters or ack-after-commit.
 * Env: DATABASE_URL, MQTT_URL, CHAIN_FILTERS (JSON array), CHAIN_GROUP (shared subscription group),
 * CHAIN_CLIENT_ID, CHAIN_MODE (raw | stored). Prints "ready" once subscribed; stops on SIGTERM.
 */
const MAX_BATCH = 2000;
const MAX_AGE_MS = 50;

const dbUrl = process.env.DATABASE_URL!;
const brokerUrl = process.env.MQTT_URL!;
const filters = JSON.parse(process.env.CHAIN_FILTERS ?? '[]') as string[];
const group = process.env.CHAIN_GROUP ?? '';
const clientId = process.env.CHAIN_CLIENT_ID ?? `bench-chain-${process.pid}`;
const stored = process.env.CHAIN_MODE === 'stored';

const COPY_RAW = 'COPY bench_chain_raw (received_at, topic, payload) FROM STDIN';
const COPY_POSITIONS =
  'COPY unit_positions (time, unit_id, tracker, lat, lon, accuracy, speed, heading, battery, altitude, source, received_at) FROM STDIN';

/** Lines for one COPY each: raw rows, or (stored) readings then unit positions. */
let pending: string[] = [];
let positions: string[] = [];
let timer: NodeJS.Timeout | null = null;
let writing: Promise<void> | null = null;
let parsed = 0;

async function main() {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();

  const copy = (sql: string, lines: string[]) =>
    new Promise<void>((resolve, reject) => {
      const stream = db.query(copyFrom(sql));
      stream.on('finish', resolve);
      stream.on('error', reject);
      stream.end(lines.join(''));
    });

  // One COPY in flight; what arrives meanwhile waits for the next one.
  const drain = async () => {
    while (pending.length || positions.length) {
      const batch = pending.length > MAX_BATCH ? pending.splice(0, MAX_BATCH) : pending;
      if (batch === pending) pending = [];
      if (batch.length) await copy(stored ? COPY_READINGS : COPY_RAW, batch);
      if (positions.length) {
        const p = positions;
        positions = [];
        await copy(COPY_POSITIONS, p);
      }
    }
    writing = null;
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!writing && (pending.length || positions.length))
      writing = drain().catch((e) => {
        // a failed COPY loses rows: stop loudly, the bench counts what landed
        console.error(e);
        process.exit(1);
      });
  };

  const client = await mqtt.connectAsync(brokerUrl, {
    clientId,
    clean: true,
    protocolVersion: 5,
    // the same receive window as the server's connection
    properties: { receiveMaximum: 65535 },
  });
  const ctx = createAdapterContext();
  const storeRecords = (topic: string, payload: Buffer) => {
    const now = new Date();
    const receivedAt = now.toISOString();
    const { result } = adaptMessage(topic, payload, now, ctx, DEFAULT_ROUTES);
    if (!result.ok) throw new Error(`the bench's messages are all valid: ${result.reason}`);
    parsed++;
    for (const r of result.records) {
      if (r.type === 'reading') {
        pending.push(readingCopyLine(r.reading, receivedAt));
      } else if (r.type === 'unit_position') {
        const x = r.position;
        positions.push(
          `${x.time}\t${copyField(x.unitId)}\t${copyField(x.tracker)}\t${x.lat}\t${x.lon}\t${copyField(x.accuracy)}\t${copyField(x.speed)}\t${copyField(x.heading)}\t${copyField(x.battery)}\t${copyField(x.altitude)}\t${copyField(x.source)}\t${receivedAt}\n`,
        );
      }
    }
  };
  client.on('message', (topic, payload, packet) => {
    // retained messages replay old state on subscribe (the server skips them too): not new messages
    if (packet.retain) return;
    if (stored) storeRecords(topic, payload);
    else {
      const receivedAt = new Date().toISOString();
      const text = payload.toString('utf8');
      if (JSON.parse(text) !== undefined) parsed++;
      pending.push(`${receivedAt}\t${copyField(topic)}\t${copyField(text)}\n`);
    }
    if (pending.length >= MAX_BATCH) flush();
    else if (!timer) timer = setTimeout(flush, MAX_AGE_MS);
  });
  await client.subscribeAsync(
    filters.map((f) => (group ? `$share/${group}/${f}` : f)),
    // as the server subscribes: QoS 1, retained messages only on a new subscription
    { qos: 1, rh: 1 },
  );
  process.stdout.write('ready\n');

  const stop = async () => {
    await client.endAsync();
    flush();
    while (writing) await writing;
    await db.end();
    process.stderr.write(`[chain] parsed ${parsed} messages\n`);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
