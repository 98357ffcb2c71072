import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { hostname } from 'node:os';
import { BOOT, type BootContext } from '../app/boot.context';
import { DeferredPuback } from './deferred-puback.util';

export type MessageHandler = (topic: string, payload: Buffer, qos: number, retain: boolean, ack: () => void) => void;

/** The instance's one broker connection: a persistent session (clean:false) with a stable client id. */
@Injectable()
export class MqttService implements OnModuleDestroy {
  private readonly log = new Logger('mqtt');
  readonly client: MqttClient;
  private readonly acks: DeferredPuback;
  private handler: MessageHandler | null = null;

  constructor(@Inject(BOOT) private readonly boot: BootContext) {
    const { config } = boot;
    const clientId = config.MQTT_CLIENT_ID ?? `ioc-${hostname()}-${config.PORT}`.slice(0, 64);
    const options: IClientOptions = {
      clientId,
      clean: false,
      protocolVersion: 5,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      username: config.MQTT_USERNAME,
      password: config.MQTT_PASSWORD,
      // Session survives our restarts so the broker keeps the backlog while we are down.
      properties: { sessionExpiryInterval: config.MQTT_SESSION_EXPIRY_S, receiveMaximum: 65535 },
      customHandleAcks: (topic, message, packet, done) => {
        const p = packet as { qos: number; messageId?: number; retain?: boolean };
        const ack = p.qos > 0 && p.messageId !== undefined ? this.acks.hold(p.messageId) : () => undefined;
        try {
          this.handler?.(topic, message, p.qos, !!p.retain, ack);
        } catch (e) {
          // Handlers dead-letter their own failures; reaching here is a bug, never a crash.
          this.log.error(`message handler threw on ${topic}: ${(e as Error).message}`);
        }
        done(0);
      },
    };
    this.client = mqtt.connect(boot.mqttUrl, options);
    this.acks = new DeferredPuback(this.client);
    this.client.on('error', (e) => this.log.warn(`broker: ${e.message}`));
    this.client.on('connect', () => this.log.log(`connected to ${boot.mqttUrl} as ${clientId}`));
    this.client.on('offline', () => this.log.warn('broker offline, reconnecting'));
  }

  get connected(): boolean {
    return this.client.connected;
  }

  get pendingAcks(): number {
    return this.acks.pending;
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  /** Resolves once connected (or after the timeout, so boot does not hang on a dead broker). */
  waitConnected(timeoutMs = 10_000): Promise<boolean> {
    if (this.client.connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.client.once('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  async subscribe(filters: string[]): Promise<void> {
    if (filters.length === 0) return;
    await this.client.subscribeAsync(
      Object.fromEntries(filters.map((f) => [f, { qos: 1 as const, rh: 1 as const }])),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.endAsync().catch(() => undefined);
  }
}
