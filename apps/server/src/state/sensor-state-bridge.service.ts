import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { SensorStateSchema, type SensorState } from '@ioc/contracts/sensor-state.schema';
import type { Subscription } from 'rxjs';
import { z } from 'zod';
import { BOOT, type BootContext } from '../app/boot.context';
import { MqttService } from '../broker/mqtt.service';
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
/** States per message: keeps messages small whatever the city size. */
const PER_MESSAGE = 500;

const MessageSchema = z.object({ states: z.array(SensorStateSchema) });

/**
 * Sensor state across instances. An instance with the ingest role publishes the newest state of every
 * device that changed (QoS 0, every PUBLISH_MS) on `ioc-live/<deployment>/sensor-state/<its client id>`; an instance
 * with the live role applies what the others publish (its own ingest, if any, already updated the same
 * in-memory state directly). Latest value wins on both sides, so a lost or late message can only delay a
 * value until that device reports again, never move it backwards. Why MQTT and not pg NOTIFY:
 * docs/architecture.md ("Live feed").
 */
@Injectable()
export class SensorStateBridgeService implements OnModuleInit, OnModuleDestroy {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private sub: Subscription | null = null;
  private readonly prefix: string;
  private readonly ownTopic: string;
  readonly stats = { published: 0, received: 0, rejected: 0 };

  constructor(
    private readonly state: SensorStateService,
    private readonly mqtt: MqttService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {
    this.prefix = sensorStatePrefix(boot.config.MQTT_SHARED_GROUP);
    this.ownTopic = `${this.prefix}${mqtt.clientId}`;
  }

  async onModuleInit(): Promise<void> {
    const roles = this.boot.config.IOC_ROLES;
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

  private receive(topic: string, payload: Buffer): void {
    if (topic === this.ownTopic) return;
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      body = null;
    }
    const parsed = MessageSchema.safeParse(body);
    if (!parsed.success) {
      this.stats.rejected++;
      return;
    }
    this.stats.received += parsed.data.states.length;
    this.state.merge(parsed.data.states);
  }

  private publish(): void {
    if (this.dirty.size === 0) return;
    // Only what this instance's ingest applied (applied$): merged remote states are not re-published.
    const states: SensorState[] = [];
    for (const id of this.dirty) {
      const s = this.state.get(id);
      if (s) states.push(s);
    }
    this.dirty.clear();
    for (let i = 0; i < states.length; i += PER_MESSAGE) {
      this.mqtt.publishInternal(this.ownTopic, JSON.stringify({ states: states.slice(i, i + PER_MESSAGE) }));
    }
    this.stats.published += states.length;
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
  }
}
