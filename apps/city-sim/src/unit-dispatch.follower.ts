import type { CityUnit } from '@ioc/contracts/city.schema';
import {
  UnitAssignmentSchema,
  unitAssignmentTopic,
  type UnitAssignment,
} from '@ioc/contracts/unit-assignment.schema';
import type { LatLon } from '@ioc/domain/geo';
import { connectAsync, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { owntracksMessage } from './owntracks.encoder';
import { legPosition, planLeg, type Leg } from './unit-response.model';

export interface DispatchFollowerOptions {
  url: string;
  units: readonly CityUnit[];
  seed: number;
  /** Legs are driven this many times faster than the reported speed (SIM_RESPONSE_SPEED; default 1). */
  timeScale?: number;
  /** Real ms between fixes of a driving unit (default 5000 / timeScale, at least 1000: OwnTracks `tst` is whole seconds). */
  fixEveryMs?: number;
  /** Password of the trackers' broker accounts (user name = unit id); none on the embedded broker. */
  password?: string;
  /** Where the unit is now when a dispatch reaches it (the simulator's last published fix). */
  positionOf(unitId: string): LatLon | null;
  log?: (line: string) => void;
}

type Mode =
  | { kind: 'idle' }
  | { kind: 'driving'; leg: Leg; incidentId: string | null }
  | { kind: 'on_scene'; at: LatLon; incidentId: string; lastFixMs: number };

export interface DispatchFollower {
  /** Whether the follower drives this unit now (the simulator then publishes none of its fixes). */
  owns(unitId: string): boolean;
  /** Units connected to their assignment topic. */
  readonly connected: number;
  stop(): Promise<void>;
}

const ON_SCENE_FIX_MS = 15_000;

/**
 * Each simulated unit's mobile data terminal: it logs in as its unit (user name = unit id, so a broker
 * ACL lets it read only `ioc/units/<id>/assignment`), takes the assignment the server pushes there, and
 * drives: to the incident at a plausible city speed along a slightly bowed line, reporting OwnTracks
 * fixes on its own tracker topic; it stays on scene (fixes at the incident, which is how the server's
 * AVL marks it on scene) until the assignment is cleared, then drives back to its base and hands the
 * unit back to the normal simulation. Fix times are the wall clock: dispatches happen now.
 */
export async function startDispatchFollower(opts: DispatchFollowerOptions): Promise<DispatchFollower> {
  const log = opts.log ?? (() => undefined);
  const timeScale = opts.timeScale ?? 1;
  const fixEveryMs = opts.fixEveryMs ?? Math.max(1000, Math.round(5000 / timeScale));
  const modes = new Map<string, Mode>();
  const clients = new Map<string, MqttClient>();
  const lastTst = new Map<string, number>();

  const publishFix = (unit: CityUnit, p: LatLon & { speedKmh: number; heading: number }, nowMs: number) => {
    const client = clients.get(unit.id);
    if (!client?.connected) return;
    // one fix per second at most: the store keys fixes by (unit, tst)
    const tst = Math.floor(nowMs / 1000);
    if (lastTst.get(unit.id) === tst) return;
    lastTst.set(unit.id, tst);
    const m = owntracksMessage(unit, {
      timeMs: nowMs,
      lat: p.lat,
      lon: p.lon,
      speedKmh: p.speedKmh,
      heading: p.heading,
      battery: 80,
    });
    client.publish(m.topic, m.payload, { qos: 1 });
  };

  const here = (unit: CityUnit, nowMs: number): LatLon => {
    const m = modes.get(unit.id);
    if (m?.kind === 'driving') return legPosition(m.leg, nowMs);
    if (m?.kind === 'on_scene') return m.at;
    return opts.positionOf(unit.id) ?? { lat: unit.lat, lon: unit.lon };
  };

  const drive = (unit: CityUnit, to: LatLon, incidentId: string | null, nowMs: number) => {
    const leg = planLeg(opts.seed, unit, here(unit, nowMs), to, nowMs, timeScale);
    modes.set(unit.id, { kind: 'driving', leg, incidentId });
    log(
      `unit ${unit.id}: ${incidentId ? `dispatched to ${incidentId}` : 'returning to base'}, ` +
        `${Math.round(leg.distanceM)} m at ${Math.round(leg.speedKmh)} km/h`,
    );
    publishFix(unit, legPosition(leg, nowMs), nowMs);
  };

  const onAssignment = (unit: CityUnit, a: UnitAssignment) => {
    const nowMs = Date.now();
    const mode = modes.get(unit.id) ?? { kind: 'idle' };
    const working = a.incident && ['dispatched', 'en_route', 'on_scene'].includes(a.status);
    if (working && a.incident) {
      const same =
        (mode.kind === 'driving' && mode.incidentId === a.incident.id) ||
        (mode.kind === 'on_scene' && mode.incidentId === a.incident.id);
      if (!same) drive(unit, a.incident, a.incident.id, nowMs);
      return;
    }
    // freed (resolved, cancelled) or never dispatched: back to base if it is out
    if (mode.kind === 'on_scene' || (mode.kind === 'driving' && mode.incidentId !== null))
      drive(unit, a.base, null, nowMs);
  };

  const timer = setInterval(() => {
    const nowMs = Date.now();
    for (const unit of opts.units) {
      const m = modes.get(unit.id);
      if (!m || m.kind === 'idle') continue;
      if (m.kind === 'driving') {
        const p = legPosition(m.leg, nowMs);
        publishFix(unit, p, nowMs);
        if (!p.arrived) continue;
        if (m.incidentId) {
          modes.set(unit.id, { kind: 'on_scene', at: m.leg.to, incidentId: m.incidentId, lastFixMs: nowMs });
          log(`unit ${unit.id}: on scene of ${m.incidentId}`);
        } else {
          modes.set(unit.id, { kind: 'idle' });
          log(`unit ${unit.id}: back at base`);
        }
      } else if (nowMs - m.lastFixMs >= ON_SCENE_FIX_MS) {
        m.lastFixMs = nowMs;
        publishFix(unit, { ...m.at, speedKmh: 0, heading: 0 }, nowMs);
      }
    }
  }, fixEveryMs);
  timer.unref();

  const suffix = randomBytes(3).toString('hex');
  await Promise.all(
    opts.units.map(async (unit) => {
      try {
        const client = await connectAsync(opts.url, {
          clientId: `city-sim-mdt-${unit.id}-${suffix}`.slice(0, 64),
          username: unit.id,
          password: opts.password,
          clean: true,
          reconnectPeriod: 2000,
          connectTimeout: 10_000,
        });
        clients.set(unit.id, client);
        client.on('error', (e) => log(`unit ${unit.id} MDT: ${e.message}`));
        client.on('message', (topic, payload) => {
          let json: unknown;
          try {
            json = JSON.parse(payload.toString('utf8'));
          } catch {
            return log(`unit ${unit.id}: assignment is not JSON, ignored`);
          }
          const a = UnitAssignmentSchema.safeParse(json);
          if (!a.success || a.data.unitId !== unit.id || topic !== unitAssignmentTopic(unit.id))
            return log(`unit ${unit.id}: invalid assignment on ${topic}, ignored`);
          onAssignment(unit, a.data);
        });
        await client.subscribeAsync(unitAssignmentTopic(unit.id), { qos: 1 });
      } catch (e) {
        log(
          `unit ${unit.id}: no assignment channel (${(e as Error).message}); it will not follow dispatches`,
        );
      }
    }),
  );
  log(`city-sim: ${clients.size} unit terminals follow dispatches (response time ×${timeScale})`);

  return {
    owns: (unitId) => {
      const m = modes.get(unitId);
      return !!m && m.kind !== 'idle';
    },
    get connected() {
      return clients.size;
    },
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...clients.values()].map((c) => c.endAsync().catch(() => undefined)));
    },
  };
}
