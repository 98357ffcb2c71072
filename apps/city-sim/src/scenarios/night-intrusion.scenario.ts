import {
  frigateEventId,
  frigateEventMessages,
  frigateReviewMessages,
  type TrackedObject,
} from '../frigate.encoder';
import type { Scenario, ScenarioContext } from '../scenario.types';
import { MINUTE, cameraOf, scripted } from '../scenario.toolkit';

function objects(ctx: ScenarioContext) {
  const port = cameraOf(ctx.city, 'cam-cang-ca');
  const beach = cameraOf(ctx.city, 'cam-doi-duong');
  const intruder: TrackedObject = {
    camera: port,
    label: 'person',
    startMs: ctx.startMs + 10 * MINUTE,
    durationMs: 6 * MINUTE,
    topScore: 0.86,
    zones: ['cau_cang'],
    seed: ctx.seed,
  };
  // A cat-sized blur: scores under the rule's 0.7, must not open anything.
  const lowScore: TrackedObject = {
    camera: port,
    label: 'person',
    startMs: ctx.startMs + 3 * MINUTE,
    durationMs: 40_000,
    topScore: 0.55,
    seed: ctx.seed,
  };
  const biker: TrackedObject = {
    camera: beach,
    label: 'motorcycle',
    startMs: ctx.startMs + 20 * MINUTE,
    durationMs: 3 * MINUTE,
    topScore: 0.81,
    zones: ['bai_bien'],
    plate: '86B2-045.17',
    seed: ctx.seed,
  };
  return { port, beach, intruder, lowScore, biker };
}

/**
 * After midnight at the fishing port: a person walks onto the pier (night-intrusion-market) and, later,
 * a motorbike rides on Đồi Dương beach (beach-night-vehicle). A low-score detection before them opens
 * nothing. Starts between 22:00 and 04:00 local.
 */
export const nightIntrusionScenario: Scenario = {
  info: {
    name: 'night-intrusion',
    description: {
      vi: 'Ban đêm: người lạ vào cảng cá, xe máy chạy trên bãi biển Đồi Dương.',
      en: 'At night: a person enters the fishing port, a motorbike rides on Đồi Dương beach.',
    },
    durationMs: 30 * MINUTE,
    startWindow: { fromHour: 22, toHour: 4 },
  },
  expected: (ctx) => {
    const o = objects(ctx);
    return [
      {
        rule: 'night-intrusion-market',
        key: `camera:night-intrusion-market:${frigateEventId(o.intruder)}`,
        category: 'security',
        severity: 'Minor',
        deviceId: o.port.id,
        ward: o.port.ward,
        evidence: ['camera_event'],
      },
      {
        rule: 'beach-night-vehicle',
        key: `camera:beach-night-vehicle:${frigateEventId(o.biker)}`,
        category: 'security',
        severity: 'Minor',
        deviceId: o.beach.id,
        ward: o.beach.ward,
        evidence: ['camera_event'],
      },
    ];
  },
  events(ctx) {
    const o = objects(ctx);
    return [
      ...scripted(o.port.id, 'frigate', [
        ...frigateEventMessages(o.lowScore),
        ...frigateEventMessages(o.intruder),
        ...frigateReviewMessages([o.intruder]),
      ]),
      ...scripted(o.beach.id, 'frigate', [
        ...frigateEventMessages(o.biker),
        ...frigateReviewMessages([o.biker]),
      ]),
    ];
  },
};
