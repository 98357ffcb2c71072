import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Reading } from '@ioc/contracts/reading.schema';
import { foldDiacritics } from '@ioc/domain/fold-diacritics';
import { BOOT, type BootContext } from '../app/boot.context';
import { MqttService } from '../broker/mqtt.service';
import { DevicesRepository, type DeviceTouch } from '../devices/devices.repository';
import { SensorStateService } from '../state/sensor-state.service';
import { BatchWriter } from './batch.writer';
import { DeadLettersRepository, type DeadLetter } from './dead-letters.repository';
import { FeedRouter } from './feed.router';
import { ReadingsRepository, type StoredReading } from './readings.repository';

/** Counts what came in and where it went; exposed for health, tests and benchmarks. */
export interface IngestStats {
  received: number;
  readings: number;
  deadLetters: number;
  skipped: number;
  committedBatches: number;
}

/**
 * MQTT → adapter → batch writer → commit → PUBACK. A message is acknowledged only once every row
 * it produced (or its dead letter) is committed, so a crash at any point loses nothing: the broker
 * redelivers and the idempotent keys drop what was already stored.
 */
@Injectable()
export class IngestService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ingest');
  readonly stats: IngestStats = { received: 0, readings: 0, deadLetters: 0, skipped: 0, committedBatches: 0 };
  private readonly readings: BatchWriter<StoredReading>;
  private readonly deadLetters: BatchWriter<DeadLetter>;

  constructor(
    @Inject(BOOT) private readonly boot: BootContext,
    private readonly mqtt: MqttService,
    private readonly router: FeedRouter,
    readingsRepo: ReadingsRepository,
    deadLettersRepo: DeadLettersRepository,
    devicesRepo: DevicesRepository,
    private readonly state: SensorStateService,
  ) {
    const { INGEST_BATCH_SIZE: maxBatch, INGEST_BATCH_MS: maxAgeMs } = boot.config;
    const onError = (what: string) => (e: Error, attempt: number) => {
      if (attempt === 1 || attempt % 20 === 0) this.log.warn(`${what} write failed (attempt ${attempt}), holding acks: ${e.message}`);
    };
    this.readings = new BatchWriter<StoredReading>({
      name: 'readings',
      maxBatch,
      maxAgeMs,
      write: async (rows) => {
        await readingsRepo.insert(rows);
        await devicesRepo.touch(deviceTouches(rows));
      },
      onError: onError('readings'),
      onBatch: (rows) => {
        this.stats.readings += rows.length;
        this.stats.committedBatches++;
        this.state.apply(rows);
      },
    });
    this.deadLetters = new BatchWriter<DeadLetter>({
      name: 'dead_letters',
      maxBatch,
      maxAgeMs,
      write: (rows) => deadLettersRepo.insert(rows),
      onError: onError('dead_letters'),
      onBatch: (rows) => {
        this.stats.deadLetters += rows.length;
      },
    });
  }

  async onModuleInit(): Promise<void> {
    this.mqtt.onMessage((topic, payload, _qos, retain, ack) => this.handle(topic, payload, retain, ack));
    const group = this.boot.embeddedBroker ? '' : this.boot.config.MQTT_SHARED_GROUP;
    const filters = this.router.filters().map((f) => (group ? `$share/${group}/${f}` : f));
    const connected = await this.mqtt.waitConnected();
    if (!connected) this.log.warn('broker not reachable yet; subscriptions will be made on connect');
    // Re-subscribe on every (re)connect: cheap, and correct even if the broker lost our session.
    this.mqtt.client.on('connect', () => void this.mqtt.subscribe(filters).catch(() => undefined));
    if (connected) await this.mqtt.subscribe(filters);
    this.log.log(`subscribed to ${filters.length} topic filters`);
  }

  /** Never throws: whatever the input, it ends as rows, a dead letter, or a deliberate skip. */
  handle(topic: string, payload: Buffer, retain: boolean, ack: () => void): void {
    this.stats.received++;
    const receivedAt = new Date();
    const outcome = this.router.route(topic, payload, receivedAt, { retained: retain });
    if (outcome.kind === 'rejected') {
      this.deadLetters.push(
        {
          time: receivedAt.toISOString(),
          topic,
          payload,
          payloadSize: payload.length,
          adapter: outcome.adapter,
          reason: outcome.reason,
        },
        ack,
      );
      return;
    }
    const rows: StoredReading[] = [];
    for (const r of outcome.records) {
      if (r.type === 'reading') rows.push({ ...r.reading, receivedAt: receivedAt.toISOString() });
    }
    if (rows.length === 0) {
      this.stats.skipped++;
      ack();
      return;
    }
    // One ack per message, sent when its last row has committed.
    let remaining = rows.length;
    const done = () => {
      if (--remaining === 0) ack();
    };
    for (const row of rows) this.readings.push(row, done);
  }

  /** Resolves when everything received so far is committed (tests and shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.readings.flush(), this.deadLetters.flush()]);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.readings.close(), this.deadLetters.close()]);
  }
}

function deviceTouches(rows: Reading[]): DeviceTouch[] {
  const latest = new Map<string, DeviceTouch>();
  for (const r of rows) {
    const t = latest.get(r.deviceId);
    if (!t || t.seenAt < r.time) {
      latest.set(r.deviceId, { id: r.deviceId, source: r.source, seenAt: r.time, searchText: foldDiacritics(r.deviceId) });
    }
  }
  return [...latest.values()];
}
