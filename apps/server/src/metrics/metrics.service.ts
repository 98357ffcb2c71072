import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { BOOT, type BootContext } from '../config/boot.context';
import { MqttService } from '../broker/mqtt.service';
import { DeviceAdmissionService } from '../devices/device-admission.service';
import { IngestService } from '../ingest/ingest.service';
import { LiveFanoutService } from '../live/live-fanout.service';
import { LiveSessionsService } from '../live/live-sessions.service';
import { LiveTailService } from '../live/live-tail.service';
import { RulesEngineService } from '../rules/rules-engine.service';
import { LiveGateway } from '../live/live.gateway';
import { SensorStateBridgeService } from '../state/sensor-state-bridge.service';

/** Find a provider of another role's module, or null when this instance does not run that role. */
function optional<T>(refs: ModuleRef, type: abstract new (...a: never[]) => T): T | null {
  try {
    return refs.get(type as never, { strict: false }) as T;
  } catch {
    return null;
  }
}

/**
 * Prometheus metrics of this instance. Values are read from the services' own counters at scrape time
 * (collect callbacks), so the hot paths pay nothing. A registry per instance: tests run several servers in
 * one process.
 */
@Injectable()
export class MetricsService implements OnApplicationBootstrap {
  readonly registry = new Registry();

  constructor(
    @Inject(BOOT) boot: BootContext,
    private readonly refs: ModuleRef,
  ) {
    this.registry.setDefaultLabels({ roles: boot.config.IOC_ROLES.join('+') });
    collectDefaultMetrics({ register: this.registry, prefix: 'ioc_' });
  }

  private readonly gauge = (name: string, help: string, labelNames: string[], collect: (g: Gauge) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        collect(this);
      },
    });

  /** Other roles' services are looked up once they are constructed (earlier lookups see placeholders). */
  onApplicationBootstrap(): void {
    const { refs, gauge } = this;
    const mqtt = optional(refs, MqttService);
    gauge('ioc_broker_connected', '1 when the MQTT connection is up', [], (g) =>
      g.set(mqtt?.connected ? 1 : 0),
    );
    gauge('ioc_mqtt_pending_acks', 'MQTT messages received but not yet acknowledged', [], (g) =>
      g.set(mqtt?.pendingAcks ?? 0),
    );
    const ingest = optional(refs, IngestService);
    if (ingest) {
      // counters kept by the ingest; exported as gauges of running totals (rate() works the same)
      gauge('ioc_ingest_total', 'Ingest counters since start, by kind', ['kind'], (g) => {
        for (const [kind, n] of Object.entries(ingest.stats)) g.set({ kind }, n);
      });
      gauge('ioc_ingest_queue_depth', 'Rows waiting in the batch writers', [], (g) => g.set(ingest.depth));
      gauge('ioc_ingest_commit_latency_ms', 'Receive → commit latency of stored rows', ['quantile'], (g) => {
        for (const q of [0.5, 0.9, 0.99]) g.set({ quantile: String(q) }, ingest.latency.quantile(q) ?? 0);
      });
    }

    const admission = optional(refs, DeviceAdmissionService);
    if (admission) {
      gauge(
        'ioc_device_admission_total',
        'Self-registration: new devices admitted, messages refused (device_cap)',
        ['kind'],
        (g) => {
          for (const [kind, n] of Object.entries(admission.stats)) g.set({ kind }, n);
        },
      );
    }
    const rules = optional(refs, RulesEngineService);
    if (rules) {
      // entered = raised + merged + skipped + spilled + dropped + waiting: nothing leaves uncounted
      gauge(
        'ioc_rules_proposals_total',
        'Rules pipeline since start: inputs that entered and where they went',
        ['kind'],
        (g) => {
          for (const [kind, n] of Object.entries(rules.queue.stats)) g.set({ kind }, n);
        },
      );
      gauge(
        'ioc_rules_queue_depth',
        'Rules inputs waiting in memory, by lane (offline_grouping: transitions not yet grouped)',
        ['lane'],
        (g) => {
          const [urgent, normal, deviceHealth] = rules.queue.laneDepths();
          g.set({ lane: 'urgent' }, urgent);
          g.set({ lane: 'normal' }, normal);
          g.set({ lane: 'device_health' }, deviceHealth);
          g.set({ lane: 'offline_grouping' }, rules.offline.waiting);
        },
      );
    }

    const tail = optional(refs, LiveTailService);
    const fanout = optional(refs, LiveFanoutService);
    if (tail && fanout) {
      gauge('ioc_live_seq_head', 'Newest live_events seq this instance has read', [], (g) =>
        g.set(tail.head),
      );
      gauge('ioc_live_clients', 'socket.io clients receiving live events', [], (g) =>
        g.set(fanout.liveCount),
      );
      const gateway = optional(refs, LiveGateway);
      const sessions = optional(refs, LiveSessionsService);
      gauge('ioc_live_total', 'Live feed counters since start, by kind', ['kind'], (g) => {
        const all = { ...tail.stats, ...fanout.stats, ...gateway?.stats, ...sessions?.stats };
        for (const [kind, n] of Object.entries(all)) g.set({ kind }, n);
      });
    }
    const bridge = optional(refs, SensorStateBridgeService);
    if (bridge) {
      gauge(
        'ioc_live_channel_total',
        'Sensor-state messages between instances since start: states published/received, messages refused by reason',
        ['kind'],
        (g) => {
          g.set({ kind: 'published' }, bridge.stats.published);
          g.set({ kind: 'received' }, bridge.stats.received);
          for (const [reason, n] of Object.entries(bridge.stats.refused))
            g.set({ kind: `refused_${reason}` }, n);
        },
      );
    }
  }
}
