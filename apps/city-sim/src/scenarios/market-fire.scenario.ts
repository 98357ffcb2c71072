import { citizenReportMessage } from '../citizen-report.encoder';
import {
  frigateEventId,
  frigateEventMessages,
  frigateReviewMessages,
  type TrackedObject,
} from '../frigate.encoder';
import type { Scenario, ScenarioContext } from '../scenario.types';
import { MINUTE, cameraOf, noise, round, scripted, trapezoid, withValues } from '../scenario.toolkit';

const CAMERA = 'cam-cho-phan-thiet';
/** The market's air-quality station, ~60 m from the stalls. */
const STATION = 'pt-aq-01';

function objects(ctx: ScenarioContext): TrackedObject[] {
  const camera = cameraOf(ctx.city, CAMERA);
  return [
    {
      camera,
      label: 'smoke',
      startMs: ctx.startMs + 5 * MINUTE,
      durationMs: 9 * MINUTE,
      topScore: 0.82,
      seed: ctx.seed,
    },
    {
      camera,
      label: 'fire',
      startMs: ctx.startMs + 7 * MINUTE,
      durationMs: 8 * MINUTE,
      topScore: 0.79,
      seed: ctx.seed,
    },
  ];
}

/**
 * A fire starts in the Phan Thiết market stalls: the market camera sees smoke then flames, PM2.5 at the
 * market station jumps to ~280 µg/m³ for 8 minutes, and two people call it in. One fire incident (Severe)
 * opened by the smoke detection; the flames, the PM2.5 spike and both calls join it (within 200 m /
 * 10 min).
 */
export const marketFireScenario: Scenario = {
  info: {
    name: 'market-fire',
    description: {
      vi: 'Cháy ở chợ Phan Thiết: camera phát hiện khói và lửa, PM2.5 tăng vọt, người dân gọi báo.',
      en: 'Fire at Phan Thiết market: the camera sees smoke and flames, PM2.5 spikes, citizens call it in.',
    },
    durationMs: 30 * MINUTE,
  },
  devices: [STATION],
  expected: (ctx) => [
    {
      rule: 'fire-smoke',
      key: `camera:fire-smoke:${frigateEventId(objects(ctx)[0])}`,
      category: 'fire',
      severity: 'Severe',
      deviceId: CAMERA,
      ward: cameraOf(ctx.city, CAMERA).ward,
      evidence: ['camera_event', 'citizen_report', 'reading'],
    },
  ],
  adjust(ctx, sensor, sample, t) {
    if (sensor.id !== STATION) return sample;
    const f = trapezoid(t, 5.5 * MINUTE, 6 * MINUTE, 14 * MINUTE, 16 * MINUTE);
    if (f === 0) return sample;
    return withValues(sample, (m, v) => {
      const n = 1 + 0.05 * noise(ctx.seed, sensor.id, m, sample.timeMs);
      if (m === 'pm25') return round(v + (280 * n - v) * f, 1);
      if (m === 'pm10') return round(v + (340 * n - v) * f, 1);
      if (m === 'co') return round(v + (4000 * n - v) * f, 0);
      return v;
    });
  },
  events(ctx) {
    const objs = objects(ctx);
    const camera = cameraOf(ctx.city, CAMERA);
    const frigate = [...objs.flatMap(frigateEventMessages), ...frigateReviewMessages(objs)];
    const reports = [
      citizenReportMessage({
        id: `sim-${ctx.seed}-${ctx.startMs}-fire-1`,
        timeMs: ctx.startMs + 8 * MINUTE,
        text: 'Cháy ở khu sạp quần áo chợ Phan Thiết, khói đen rất nhiều!',
        category: 'fire',
        lat: camera.lat + 0.0003,
        lon: camera.lon - 0.0002,
        contact: '0909 123 456',
      }),
      citizenReportMessage({
        id: `sim-${ctx.seed}-${ctx.startMs}-fire-2`,
        timeMs: ctx.startMs + 9 * MINUTE + 30_000,
        text: 'Fire at the market on Trưng Trắc street, near the river',
        category: 'fire',
        lat: camera.lat - 0.0004,
        lon: camera.lon + 0.0003,
      }),
    ];
    return [...scripted(CAMERA, 'frigate', frigate), ...scripted('citizen', 'report', reports)];
  },
};
