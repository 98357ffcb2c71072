import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { CameraReview } from '@ioc/contracts/camera-review.schema';
import type { DeviceAvailability } from '@ioc/contracts/device-availability.schema';
import type { DeviceLocation } from '@ioc/contracts/device-location.schema';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import { searchKey } from '@ioc/domain/fold-diacritics';
import { BOOT, type BootContext } from '../config/boot.context';
import { MqttService } from '../broker/mqtt.service';
import { DeviceAdmissionService } from '../devices/device-admission.service';
import type { EmbeddedBrokerHandle } from '../runtime/embedded-broker.runtime';
import { DevicesRepository } from '../devices/devices.repository';
import { SensorStateService } from '../state/sensor-state.service';
import { BatchWriter } from './batch.writer';
import { CameraEventsRepository, type StoredCameraEvent } from '../cameras/camera-events.repository';
import { CommittedHooks } from '../committed/committed.hooks';
import { DeadLettersRepository, type DeadLetter } from './dead-letters.repository';
import { DeviceTouchThrottle } from '../devices/device-touch.throttle';
import { FeedRouter } from './feed.router';
import { LatencyHistogram } from './latency.histogram';
import { ReadingsRepository, type StoredReading } from '../readings/readings.repository';
import { SignalsRepository, type StoredSignal } from './signals.repository';
import { UnitPositionsRepository, type StoredUnitPosition } from './unit-positions.repository';

/** Counts what came in and where it went; exposed for health, tests and benchmarks. */
export interface IngestStats {
  received: number;
  acked: number;
  readings: number;
  cameraEvents: number;
  unitPositions: number;
  signals: number;
  deadLetters: number;
  skipped: number;
  retainedSkipped: number;
}

/**
 * Every stored row remembers the topic it came on, so a row the database refuses can be dead-lettered,
 * and its arrival time (`receivedMs` for the latency histogram without re-parsing the ISO text).
 */
type RowTag = { topic: string; receivedAt: string; receivedMs: number };
type Tagged<T> = T & RowTag;

/**
 * MQTT → adapter → batch writers → commit → PUBACK. A message is acknowledged only once every row
 * it produced (or its dead letter) is committed, so a crash at any point loses nothing: the broker
 * redelivers and idempotent keys drop what was already stored. Each record kind has its own writer,
 * so readings never wait on camera events and vice versa.
 */
@Injectable()
export class IngestService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('ingest');
  readonly stats: IngestStats = {
    received: 0,
    acked: 0,
    readings: 0,
    cameraEvents: 0,
    unitPositions: 0,
    signals: 0,
    deadLetters: 0,
    skipped: 0,
    retainedSkipped: 0,
  };
  private readonly deadLetters: BatchWriter<DeadLetter>;
  private readonly readings: BatchWriter<Tagged<StoredReading>>;
  private readonly cameraEvents: BatchWriter<Tagged<StoredCameraEvent>>;
  private readonly cameraReviews: BatchWriter<Tagged<CameraReview>>;
  private readonly unitPositions: BatchWriter<Tagged<StoredUnitPosition>>;
  private readonly signals: BatchWriter<Tagged<StoredSignal>>;
  private readonly locations: BatchWriter<Tagged<DeviceLocation>>;
  private readonly availability: BatchWriter<Tagged<DeviceAvailability>>;
  private readonly writers: BatchWriter<unknown>[] = [];
  /** Receive→commit latency of every stored row. */
  readonly latency = new LatencyHistogram();

  constructor(
    @Inject(BOOT) private readonly boot: BootContext,
    private readonly mqtt: MqttService,
    private readonly router: FeedRouter,
    readingsRepo: ReadingsRepository,
    deadLettersRepo: DeadLettersRepository,
    devicesRepo: DevicesRepository,
    cameraRepo: CameraEventsRepository,
    unitsRepo: UnitPositionsRepository,
    signalsRepo: SignalsRepository,
    private readonly state: SensorStateService,
    private readonly touches: DeviceTouchThrottle,
    private readonly hooks: CommittedHooks,
    private readonly admission: DeviceAdmissionService,
  ) {
    const { INGEST_BATCH_SIZE: maxBatch } = boot.config;
    // On the embedded broker every device waits for its PUBACK until the commit, so a partial batch is
    // written at once instead of after INGEST_BATCH_MS; batches still form from whatever arrives while
    // the writers' commits are in flight (group commit).
    const maxAgeMs = boot.embeddedBroker ? 0 : boot.config.INGEST_BATCH_MS;
    this.deadLetters = new BatchWriter<DeadLetter>({
      name: 'dead_letters',
      maxBatch,
      maxAgeMs,
      write: (rows) => deadLettersRepo.insert(rows),
      onError: this.onError('dead_letters'),
      afterBatch: () => this.maybeOpenGate(),
      onBatch: (rows) => {
        this.stats.deadLetters += rows.length;
      },
    });
    const make = <T extends { topic: string; receivedMs: number }>(
      name: string,
      write: (rows: T[]) => Promise<unknown>,
      onBatch?: (rows: T[]) => void,
      concurrency = 1,
    ) => {
      const w = new BatchWriter<T>({
        name,
        maxBatch,
        maxAgeMs,
        concurrency,
        // the flow gate reopens on depth, which counts a batch until it has fully left the writer
        afterBatch: () => this.maybeOpenGate(),
        write: async (rows) => void (await write(rows)),
        onError: this.onError(name),
        onBatch: (rows) => {
          const now = Date.now();
          for (const r of rows) this.latency.record(now - r.receivedMs);
          onBatch?.(rows);
        },
        onPoison: (row, err, onCommitted) => {
          // eslint-disable-next-line @typescript-eslint/no-unused-vars
          const { topic, receivedMs, ...record } = row as T & Record<string, unknown>;
          const bytes = Buffer.from(JSON.stringify(record));
          this.deadLetters.push(
            {
              time: new Date().toISOString(),
              topic,
              payload: bytes,
              payloadSize: bytes.length,
              adapter: name,
              reason: `database rejected the ${name} row: ${err.message}`,
            },
            onCommitted,
          );
        },
      });
      this.writers.push(w as BatchWriter<unknown>);
      return w;
    };
    this.readings = make(
      'readings',
      async (rows) => {
        // the series registry first: replay must never miss a series whose readings are stored
        await readingsRepo.touchSeries(rows);
        await readingsRepo.insert(rows);
        await devicesRepo.touch(
          this.touches.select(
            rows.map((r) => ({
              id: r.deviceId,
              source: r.source,
              seenAt: r.receivedAt,
            })),
          ),
        );
      },
      (rows) => {
        this.stats.readings += rows.length;
        this.state.apply(rows);
        this.hooks.readings(rows);
      },
      boot.config.INGEST_WRITERS,
    );
    this.cameraEvents = make(
      'camera_events',
      async (rows) => {
        await cameraRepo.upsert(rows);
        await devicesRepo.touch(
          this.touches.select(
            rows.map((r) => ({
              id: r.camera,
              source: 'frigate',
              seenAt: r.receivedAt,
            })),
          ),
        );
      },
      (rows) => {
        this.stats.cameraEvents += rows.length;
        this.hooks.cameraEvents(rows);
      },
    );
    this.cameraReviews = make('camera_reviews', (rows) => cameraRepo.upsertReviews(rows));
    this.unitPositions = make(
      'unit_positions',
      (rows) => unitsRepo.insert(rows),
      (rows) => (this.stats.unitPositions += rows.length),
    );
    this.signals = make(
      'incident_signals',
      (rows) => signalsRepo.insert(rows),
      (rows) => {
        this.stats.signals += rows.length;
        this.hooks.signals(rows.length);
      },
    );
    this.locations = make('device_locations', (rows) =>
      devicesRepo.updateLocations(rows.map((r) => ({ ...r, searchText: searchKey(r.deviceId) }))),
    );
    this.availability = make('device_availability', async (rows) => {
      // setAvailability commits on its own: the transitions it returns are durable here.
      this.hooks.deviceTransitions(await devicesRepo.setAvailability(rows));
    });
    this.writers.push(this.deadLetters as BatchWriter<unknown>);
  }

  private onError(what: string) {
    return (e: Error, attempt: number) => {
      if (attempt === 1 || attempt % 20 === 0) {
        this.log.warn(
          `${what} write failed (attempt ${attempt}), holding acks until it succeeds: ${e.message}`,
        );
      }
    };
  }

  private drained: { promise: Promise<void>; resolve: () => void } | null = null;

  /** Closed while more rows wait than INGEST_MAX_QUEUE; opens again below half of it. */
  private flowGate(): Promise<void> | null {
    if (this.drained) return this.drained.promise;
    if (this.depth < this.boot.config.INGEST_MAX_QUEUE) return null;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.drained = { promise, resolve };
    return promise;
  }

  private maybeOpenGate(): void {
    if (this.drained && this.depth < this.boot.config.INGEST_MAX_QUEUE / 2) {
      this.drained.resolve();
      this.drained = null;
    }
  }

  private detachEmbedded: (() => void) | null = null;

  /**
   * The embedded broker hands us its feed messages inside its publish hook and acknowledges each one to
   * the device only when `done` runs: after the commit for QoS 1 and 2, at once for QoS 0 (nothing to
   * keep). While the flow gate is closed, `done` waits, and the broker stops reading that connection.
   * The retain flag is cleared as a broker does for an established subscription (MQTT-3.3.1-9): this is
   * a live message, not a replay of old state.
   */
  private takeFromEmbeddedBroker(broker: EmbeddedBrokerHandle): void {
    this.detachEmbedded = broker.attachSink((m, done) => {
      const take = () => {
        if (m.qos === 0) {
          this.handle(m.topic, m.payload, false, () => undefined, m.dup);
          done();
        } else this.handle(m.topic, m.payload, false, done, m.dup);
      };
      const gate = this.flowGate();
      if (gate) void gate.then(take);
      else take();
    });
    this.log.log(
      `taking ${this.router.filters().join(', ')} from the embedded broker (acknowledged after commit)`,
    );
  }

  async onModuleInit(): Promise<void> {
    const embedded = this.boot.embeddedBroker;
    if (embedded) {
      this.takeFromEmbeddedBroker(embedded);
      return;
    }
    this.mqtt.onMessage((topic, payload, meta, ack) =>
      this.handle(topic, payload, meta.retain, ack, meta.dup),
    );
    this.mqtt.setFlowGate(() => this.flowGate());
    const subscribe = async () => {
      // Several ingest instances share the stream through `$share/<group>/…` where the broker supports it.
      const group = this.mqtt.sharedSubscriptions ? this.boot.config.MQTT_SHARED_GROUP : '';
      const filters = this.router.filters().map((f) => (group ? `$share/${group}/${f}` : f));
      await this.mqtt.subscribe(filters);
      this.log.log(`subscribed to ${filters.join(', ')}`);
    };
    const connected = await this.mqtt.waitConnected();
    // Re-subscribe on every (re)connect: cheap, and correct even if the broker lost our session.
    this.mqtt.onConnect(() => void subscribe().catch((e) => this.log.warn(`subscribe failed: ${e.message}`)));
    if (connected) await subscribe();
    else this.log.warn('broker not reachable yet; subscribing when it is');
  }

  /** Queued rows not yet committed (all writers), and messages waiting for device admission. */
  get depth(): number {
    return this.writers.reduce((n, w) => n + w.depth, 0) + this.admission.waiting;
  }

  /** Never throws: whatever the input, it ends as rows, a dead letter, or a deliberate skip. */
  handle(topic: string, payload: Buffer, retain: boolean, ack: () => void, dup = false): void {
    const receivedAt = new Date();
    const outcome = this.router.route(topic, payload, receivedAt, { retained: retain });
    // The servers' own unit assignments come back through `ioc/#` (the router names them): not device
    // traffic, not counted.
    if (outcome.kind === 'ok' && outcome.adapter === 'unit-assignment') return ack();
    this.stats.received++;
    const acked = () => {
      this.stats.acked++;
      ack();
    };
    const at = receivedAt.toISOString();
    if (outcome.kind === 'rejected') {
      this.deadLetters.push(
        {
          time: at,
          topic,
          payload,
          payloadSize: payload.length,
          adapter: outcome.adapter,
          reason: outcome.reason,
          redelivered: dup,
        },
        acked,
      );
      return;
    }
    if (outcome.records.length === 0) {
      if (retain) this.stats.retainedSkipped++;
      else this.stats.skipped++;
      acked();
      return;
    }
    // One ack per message, sent when the last of its rows has committed.
    const store = () => {
      let remaining = outcome.records.length;
      const done = () => {
        if (--remaining === 0) acked();
      };
      const tag: RowTag = { topic, receivedAt: at, receivedMs: receivedAt.getTime() };
      for (const r of outcome.records) this.dispatch(r, tag, done);
    };
    // A device new to the registry beyond its feed's self-registration cap: dead letter (devices/).
    const admitted = this.admission.admit(outcome.records);
    if (admitted === true) return store();
    void admitted.then((reason) => {
      if (reason === null) return store();
      const dead = {
        time: at,
        topic,
        payload,
        payloadSize: payload.length,
        adapter: outcome.adapter,
        reason,
      };
      this.deadLetters.push({ ...dead, redelivered: dup }, acked);
    });
  }

  /**
   * The adapter built each record for this message alone, so it is tagged in place rather than copied:
   * the ingest's hot path allocates one object per row, not two.
   */
  private dispatch(r: NormalizedRecord, tag: RowTag, done: () => void): void {
    switch (r.type) {
      case 'reading':
        return this.readings.push(Object.assign(r.reading, tag), done);
      case 'camera_event':
        return this.cameraEvents.push(Object.assign(r.event, tag), done);
      case 'camera_review':
        return this.cameraReviews.push(Object.assign(r.review, tag), done);
      case 'unit_position':
        return this.unitPositions.push(Object.assign(r.position, tag), done);
      case 'signal':
        return this.signals.push(Object.assign(r.signal, tag), done);
      case 'device_location':
        return this.locations.push(Object.assign(r.location, tag), done);
      case 'availability':
        return this.availability.push(Object.assign(r.availability, tag), done);
    }
  }

  /** Resolves when everything received so far is committed (tests and shutdown). */
  async drain(): Promise<void> {
    // Poisoned rows move to the dead-letter writer while others flush: loop until all are empty.
    do {
      await this.admission.idle();
      await Promise.all(this.writers.map((w) => w.flush()));
    } while (this.depth > 0);
  }

  async onModuleDestroy(): Promise<void> {
    // From here the embedded broker holds new messages unacknowledged; the device resends them later.
    this.detachEmbedded?.();
    await this.drain().catch(() => undefined);
    await Promise.all(this.writers.map((w) => w.close()));
  }
}
