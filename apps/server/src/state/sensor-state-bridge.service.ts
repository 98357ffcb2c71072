import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  LIVE_CHANNEL_MAX_METRICS,
  LIVE_CHANNEL_MAX_STATES,
  type LiveChannelMessage,
} from '@ioc/contracts/live-channel.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { randomBytes } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { BOOT, type BootContext } from '../config/boot.context';
import { AuthRepository } from '../auth/auth.repository';
import { MqttService } from '../broker/mqtt.service';
import { Database } from '../db/database.pool';
import { ReplayGuard } from './live-channel-replay.util';
import { decodeLiveChannel, deriveLiveChannelKey, encodeLiveChannel } from './live-channel.util';
import { SensorStateService } from './sensor-state.service';

/**
 * `ioc-live/<deployment>/sensor-state/<instance>`: outside the feeds' namespaces (the ingest subscribes to
 * `ioc/#`), so never routed as a feed. The deployment is the instances' MQTT_SHARED_GROUP — the group that
 * already says which instances form one system — so two deployments (or parallel test servers) sharing a
 * broker never mix their cities.
 */
export function sensorStatePrefix(sharedGroup: string): string {
  return `ioc-live/${sharedGroup || 'default'}/sensor-state/`;
}
/** How often an ingest instance publishes what changed (the consoles' batches are ≥ 500 ms apart). */
const PUBLISH_MS = 200;
/** How far a message's send time may be from ours (clock skew between instances included). */
const FRESH_WINDOW_MS = 60_000;
/** Refused messages are logged at most this often (a flood must not flood the log too). */
const WARN_EVERY_MS = 60_000;

/**
 * Sensor state across instances. An instance with the ingest role publishes the newest state of every
 * device that changed (QoS 0, every PUBLISH_MS) on `ioc-live/<deployment>/sensor-state/<its client id>`; an instance
 * with the live role applies what the others publish (its own ingest, if any, already updated the same
 * in-memory state directly). Latest value wins on both sides, so a lost or late message can only delay a
 * value until that device reports again, never move it backwards. Why MQTT and not pg NOTIFY:
 * docs/architecture.md ("Live feed").
 *
 * The broker is shared with devices, so the channel is authenticated (live-channel.util.ts: HMAC with a
 * key only the instances hold), replay-protected (live-channel-replay.util.ts) and strictly validated
 * (libs/contracts live-channel.schema.ts); anything else is counted and dropped.
 */
@Injectable()
export class SensorStateBridgeService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('sensor-state-bridge');
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sub: Subscription | null = null;
  private readonly prefix: string;
  private readonly ownTopic: string;
  private key: Buffer | null = null;
  private readonly boot = randomBytes(8).toString('hex');
  private seq = 0;
  private readonly replay = new ReplayGuard(FRESH_WINDOW_MS);
  private lastWarn = 0;
  /** `refused` by reason: unsigned, bad_signature, invalid, wrong_sender, too_large, stale, future, replayed. */
  readonly stats = { published: 0, received: 0, rejected: 0, refused: {} as Record<string, number> };

  constructor(
    private readonly state: SensorStateService,
    private readonly mqtt: MqttService,
    private readonly db: Database,
    @Inject(BOOT) private readonly bootCtx: BootContext,
  ) {
    this.prefix = sensorStatePrefix(bootCtx.config.MQTT_SHARED_GROUP);
    this.ownTopic = `${this.prefix}${mqtt.clientId}`;
  }

  async onModuleInit(): Promise<void> {
    const roles = this.bootCtx.config.IOC_ROLES;
    if (!roles.includes('live') && !roles.includes('ingest')) return;
    // The same secret the instances sign tokens with (AuthService), so they agree without configuration.
    const secret = this.bootCtx.config.JWT_SECRET ?? (await new AuthRepository(this.db).secret('jwt'));
    this.key = deriveLiveChannelKey(secret);
    if (roles.includes('live')) {
      await this.mqtt.subscribeInternal(this.prefix, `${this.prefix}+`, (t, p) => this.receive(t, p));
    }
    if (roles.includes('ingest')) {
      this.sub = this.state.applied$.subscribe((ids) => {
        for (const id of ids) this.dirty.add(id);
      });
      this.timer = setInterval(() => this.publish(), PUBLISH_MS);
    }
  }

  /** Applies a message of another instance, or counts (and now and then logs) why it was refused. */
  private receive(topic: string, payload: Buffer): void {
    if (topic === this.ownTopic || !this.key) return;
    const d = decodeLiveChannel(this.key, topic, payload);
    const verdict = d.ok ? this.replay.check(d.msg) : d.reason;
    if (verdict !== 'ok') {
      this.stats.rejected++;
      this.stats.refused[verdict] = (this.stats.refused[verdict] ?? 0) + 1;
      const now = Date.now();
      if (now - this.lastWarn > WARN_EVERY_MS) {
        this.lastWarn = now;
        const detail = !d.ok && d.detail ? `: ${d.detail}` : '';
        this.log.warn(
          `refused a message on ${JSON.stringify(topic)} (${verdict}${detail}); ${this.stats.rejected} refused so far — ` +
            `only server instances of this deployment may publish on ${this.prefix}+`,
        );
      }
      return;
    }
    if (!d.ok) return; // unreachable: the verdict is 'ok' only for a decoded message
    this.stats.received += d.msg.states.length;
    this.state.merge(d.msg.states);
  }

  private publish(): void {
    if (this.dirty.size === 0 || !this.key) return;
    // Only what this instance's ingest applied (applied$): merged remote states are not re-published.
    const states: SensorState[] = [];
    for (const id of this.dirty) {
      const s = this.state.get(id);
      if (s) states.push(s);
    }
    this.dirty.clear();
    for (let i = 0; i < states.length; i += LIVE_CHANNEL_MAX_STATES) {
      const msg = {
        v: 1 as const,
        src: this.mqtt.clientId,
        boot: this.boot,
        seq: ++this.seq,
        sent: Date.now(),
        states: states.slice(i, i + LIVE_CHANNEL_MAX_STATES).map(publishable),
      };
      this.mqtt.publishInternal(this.ownTopic, encodeLiveChannel(this.key, this.ownTopic, msg));
    }
    this.stats.published += states.length;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
  }
}

/**
 * A state as the channel carries it: numeric values only (the state never stores nulls; this keeps the
 * type exact), at most LIVE_CHANNEL_MAX_METRICS metrics (receivers refuse more).
 */
function publishable(s: SensorState): LiveChannelMessage['states'][number] {
  const metrics: LiveChannelMessage['states'][number]['metrics'] = {};
  let n = 0;
  for (const [k, m] of Object.entries(s.metrics)) {
    if (m.value === null) continue;
    if (++n > LIVE_CHANNEL_MAX_METRICS) break;
    metrics[k] = { value: m.value, unit: m.unit, time: m.time };
  }
  return { deviceId: s.deviceId, metrics };
}
