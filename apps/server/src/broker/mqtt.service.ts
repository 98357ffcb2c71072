import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { hostname } from 'node:os';
import { BOOT, type BootContext } from '../config/boot.context';
import { DeferredPuback } from './deferred-puback.util';

export type MessageHandler = (
  topic: string,
  payload: Buffer,
  meta: { qos: number; retain: boolean; dup: boolean },
  ack: () => void,
) => void;

/**
 * The instance's one broker connection: a persistent session (clean:false) with a stable client id.
 * MQTT 5 where the broker speaks it; brokers that refuse it (aedes, the embedded default) get 3.1.1 —
 * the deferred PUBACK works the same on both.
 */
@Injectable()
export class MqttService implements OnModuleDestroy {
  private readonly log = new Logger('mqtt');
  private current!: MqttClient;
  private acks!: DeferredPuback;
  private handler: MessageHandler | null = null;
  private readonly early: {
    topic: string;
    payload: Buffer;
    meta: Parameters<MessageHandler>[2];
    ack: () => void;
  }[] = [];
  private gate: (() => Promise<void> | null) | null = null;
  /** Internal topics (not feeds): handled here, never reach the ingest handler. */
  private readonly internal: { prefix: string; fn: (topic: string, payload: Buffer) => void }[] = [];
  private readonly volatileFilters = new Set<string>();
  private readonly connectListeners: (() => void)[] = [];
  private closing = false;
  readonly clientId: string;
  protocolVersion: 4 | 5;
  /** Whether the connected broker supports `$share/<group>/…` subscriptions. */
  sharedSubscriptions = false;

  constructor(@Inject(BOOT) private readonly boot: BootContext) {
    const { config } = boot;
    this.clientId = config.MQTT_CLIENT_ID ?? `ioc-${hostname()}-${config.PORT}`.slice(0, 64);
    this.protocolVersion = config.MQTT_PROTOCOL_VERSION === '4' ? 4 : 5;
    this.connect();
  }

  private connect(): void {
    const { config } = this.boot;
    const options: IClientOptions = {
      clientId: this.clientId,
      clean: false,
      protocolVersion: this.protocolVersion,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      username: config.MQTT_USERNAME,
      password: config.MQTT_PASSWORD,
      // TLS material (PEM) for mqtts:// and wss://; read when this client is created
      ...(config.MQTT_CA_FILE ? { ca: readFileSync(config.MQTT_CA_FILE) } : {}),
      ...(config.MQTT_CERT_FILE ? { cert: readFileSync(config.MQTT_CERT_FILE) } : {}),
      ...(config.MQTT_KEY_FILE ? { key: readFileSync(config.MQTT_KEY_FILE) } : {}),
      rejectUnauthorized: config.MQTT_TLS_REJECT_UNAUTHORIZED,
      // MQTT 5: the session (and its backlog) outlives our restarts; we take up to MQTT_RECEIVE_MAXIMUM unacked messages.
      ...(this.protocolVersion === 5
        ? {
            properties: {
              sessionExpiryInterval: config.MQTT_SESSION_EXPIRY_S,
              receiveMaximum: config.MQTT_RECEIVE_MAXIMUM,
            },
          }
        : {}),
    };
    const client = mqtt.connect(this.boot.mqttUrl, options);
    this.current = client;
    this.acks = new DeferredPuback(client);
    // 'message' is emitted before MQTT.js sends the PUBACK, on 3.1.1 and 5 alike: take ownership here.
    client.on('message', (topic, payload, packet) => {
      const ack =
        packet.qos > 0 && packet.messageId !== undefined ? this.acks.hold(packet.messageId) : () => undefined;
      const own = this.internal.find((h) => topic.startsWith(h.prefix));
      if (own) {
        ack();
        try {
          own.fn(topic, payload);
        } catch (e) {
          this.log.warn(`internal message on ${topic} failed: ${(e as Error).message}`);
        }
        return;
      }
      const meta = { qos: packet.qos, retain: !!packet.retain, dup: !!packet.dup };
      // A resumed session delivers its backlog right after CONNACK, possibly before the ingest has
      // registered its handler: keep those messages (unacknowledged) until it does.
      if (!this.handler) {
        this.early.push({ topic, payload, meta, ack });
        return;
      }
      try {
        this.handler(topic, payload, meta, ack);
      } catch (e) {
        // Handlers dead-letter their own failures; reaching here is a bug, never a crash.
        this.log.error(`message handler threw on ${topic}: ${(e as Error).message}`);
      }
    });
    // Bounded in-flight window: while the gate is closed, MQTT.js does not read the next packet, so the
    // backlog stays in the broker (and TCP) instead of in our memory.
    client.handleMessage = (_packet, callback) => {
      const wait = this.gate?.();
      if (wait) void wait.then(() => callback());
      else callback();
    };
    client.on('connect', (connack) => {
      // MQTT 5 brokers say whether they do $share; 3.1.1 brokers cannot say, so we do not assume it.
      this.sharedSubscriptions =
        this.protocolVersion === 5 && connack.properties?.sharedSubscriptionAvailable !== false;
      this.log.log(
        `connected to ${this.boot.mqttUrl.replace(/\/\/[^@/]*@/, '//***@')} as ${this.clientId} (MQTT ${this.protocolVersion === 5 ? '5' : '3.1.1'})`,
      );
      for (const l of this.connectListeners) l();
    });
    client.on('error', (e: Error & { code?: number }) => {
      if (e.code === 1 && this.protocolVersion === 5 && this.boot.config.MQTT_PROTOCOL_VERSION === 'auto') {
        this.log.warn('broker refuses MQTT 5; using MQTT 3.1.1');
        this.protocolVersion = 4;
        client.end(true);
        if (!this.closing) this.connect();
        return;
      }
      this.log.warn(`broker: ${e.message}`);
    });
    client.on('offline', () => this.log.warn('broker offline, reconnecting'));
  }

  get client(): MqttClient {
    return this.current;
  }

  get connected(): boolean {
    return this.current.connected;
  }

  /** Messages received but not acknowledged yet, here and (embedded mode) inside our own broker. */
  get pendingAcks(): number {
    return this.acks.pending + (this.boot.embeddedBroker?.pendingAcks ?? 0);
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
    for (const m of this.early.splice(0)) handler(m.topic, m.payload, m.meta, m.ack);
  }

  /** While `gate()` returns a promise, reading from the broker pauses until it resolves. */
  setFlowGate(gate: () => Promise<void> | null): void {
    this.gate = gate;
  }

  /** Runs on every (re)connect, whichever client object is current. */
  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
  }

  /** Resolves once connected (or false after the timeout, so boot does not hang on a dead broker). */
  waitConnected(timeoutMs = 10_000): Promise<boolean> {
    if (this.current.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.onConnect(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  async subscribe(filters: string[]): Promise<void> {
    if (filters.length === 0) return;
    // Retain handling 1 (MQTT 5): retained messages only on a new subscription, not on every resubscribe.
    const opts = this.protocolVersion === 5 ? { qos: 1 as const, rh: 1 as const } : { qos: 1 as const };
    // `resubscribe: true` makes MQTT.js send the SUBSCRIBE even for filters it believes the session already
    // holds: after a broker restart the session comes back (session present) but Mosquitto 2.0 restores
    // no `$share/…` subscription, so skipping it would leave the ingest connected and receiving nothing
    // (found by the broker-restart fault test).
    const map = { ...Object.fromEntries(filters.map((f) => [f, opts])), resubscribe: true };
    await this.current.subscribeAsync(map as unknown as Record<string, typeof opts>);
  }

  /**
   * Instance-to-instance messages (QoS 0, not kept for offline sessions): `fn` gets every message whose
   * topic starts with `prefix`; the subscription is renewed on every reconnect.
   */
  async subscribeInternal(
    prefix: string,
    filter: string,
    fn: (topic: string, payload: Buffer) => void,
  ): Promise<void> {
    this.internal.push({ prefix, fn });
    const sub = async () => {
      const granted = await this.current.subscribeAsync(
        filter,
        // no-local (MQTT 5): the broker does not echo our own publishes back
        this.protocolVersion === 5 ? { qos: 0, nl: true } : { qos: 0 },
      );
      // A broker that keeps internal topics for server instances refuses an instance that did not log in
      // as one: say so, since the instances then silently stop sharing sensor state.
      if (granted.some((g) => g.qos >= 128))
        this.log.warn(
          `broker refused the subscription to ${filter}: log in as a server user (MQTT_USERNAME, ` +
            `see infra/mosquitto/acl.example) for instances to share sensor state`,
        );
    };
    if (!this.volatileFilters.has(filter)) {
      this.volatileFilters.add(filter);
      this.onConnect(
        () => void sub().catch((e: Error) => this.log.warn(`subscribe ${filter}: ${e.message}`)),
      );
    }
    if (this.current.connected) await sub();
  }

  /** Fire and forget (QoS 0); dropped while disconnected — callers send state that the next message supersedes. */
  publishInternal(topic: string, payload: Buffer | string): void {
    if (this.current.connected) this.current.publish(topic, payload, { qos: 0 });
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.current.endAsync().catch(() => undefined);
  }
}
