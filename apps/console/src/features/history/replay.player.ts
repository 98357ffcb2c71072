import type { ReplayChange, ReplayState } from '@ioc/contracts/history.schema';
import { OPEN_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';

/** The replay shows what was open at T (the server's replay state uses the same list). */
const OPEN: ReadonlySet<string> = new Set(OPEN_INCIDENT_STATUSES);

/** Replay speeds offered by the player (×1 real time to ×60: one minute per second). */
export const REPLAY_SPEEDS = [1, 5, 10, 30, 60] as const;

/**
 * Steps a replayed situation forward by the server's ordered changes (GET /api/replay/events), so the
 * player asks for a full state only when it jumps. Incidents that open during the step are not in the
 * state yet: their details come with the next full state, so the caller refetches when `needsState`.
 */
export function applyChanges(
  state: ReplayState,
  changes: readonly ReplayChange[],
  at: string,
): { state: ReplayState; needsState: boolean } {
  let needsState = false;
  const sensors = new Map(state.sensors.map((s) => [s.deviceId, s]));
  const incidents = new Map(state.incidents.map((i) => [i.id, i]));
  const units = new Map(state.units.map((u) => [u.id, u]));
  const cameras = new Map(state.cameraEvents.map((c) => [c.id, c]));
  for (const c of changes) {
    if (c.time > at) break;
    switch (c.kind) {
      case 'reading': {
        const prev = sensors.get(c.deviceId);
        sensors.set(c.deviceId, {
          deviceId: c.deviceId,
          metrics: { ...prev?.metrics, [c.metric]: { value: c.value, unit: c.unit, time: c.time } },
        });
        break;
      }
      case 'incident': {
        const prev = incidents.get(c.id);
        if (!OPEN.has(c.status)) incidents.delete(c.id);
        else if (prev)
          incidents.set(c.id, { ...prev, status: c.status, severity: c.severity, since: c.time });
        else needsState = true;
        break;
      }
      case 'unit': {
        const prev = units.get(c.id);
        if (prev) units.set(c.id, { ...prev, status: c.status, incidentId: c.incidentId });
        break;
      }
      case 'position': {
        const prev = units.get(c.id);
        if (prev)
          units.set(c.id, {
            ...prev,
            position: { lat: c.lat, lon: c.lon, time: c.time, heading: c.heading },
          });
        break;
      }
      case 'camera_start':
        cameras.set(c.id, {
          id: c.id,
          camera: c.camera,
          label: c.label,
          startTime: c.time,
          endTime: null,
          score: null,
        });
        break;
      case 'camera_end':
        cameras.delete(c.id);
        break;
    }
  }
  return {
    state: {
      at,
      sensors: [...sensors.values()],
      incidents: [...incidents.values()],
      units: [...units.values()],
      cameraEvents: [...cameras.values()],
    },
    needsState,
  };
}

/** Where the replay clock is after `elapsedMs` of wall time at `speed`, clamped to the range end. */
export function advance(atMs: number, elapsedMs: number, speed: number, endMs: number): number {
  return Math.min(endMs, atMs + elapsedMs * speed);
}
