import { frigateEventId, frigateEventMessages, type TrackedObject } from '../frigate.encoder';
import type { Scenario, ScenarioContext } from '../scenario.types';
import { MINUTE, cameraOf, scripted } from '../scenario.toolkit';

function objects(ctx: ScenarioContext) {
  const bridge = cameraOf(ctx.city, 'cam-tran-hung-dao');
  const bus = cameraOf(ctx.city, 'cam-ben-xe');
  const o = (camera: typeof bridge, label: string, atMin: number, plate: string): TrackedObject => ({
    camera,
    label,
    startMs: ctx.startMs + atMin * MINUTE,
    durationMs: 40_000,
    topScore: 0.88,
    plate,
    seed: ctx.seed,
  });
  return {
    bridge,
    bus,
    // Plates as Frigate's LPR reads them: no dash or dot, sometimes a space.
    clean: o(bridge, 'car', 2, '86A55512'),
    listedCar: o(bridge, 'car', 5, '86A12345'),
    listedBike: o(bus, 'motorcycle', 12, '86B1 67890'),
  };
}

/**
 * Two vehicles on the police watch list (86A-123.45, a car over Trần Hưng Đạo bridge; 86B1-678.90, a
 * motorbike at the bus station) and one that is not. Each listed plate opens a Moderate security incident.
 */
export const watchlistPlateScenario: Scenario = {
  info: {
    name: 'watchlist-plate',
    description: {
      vi: 'Camera nhận dạng 2 biển số trong danh sách theo dõi (ô tô ở cầu Trần Hưng Đạo, xe máy ở bến xe).',
      en: 'Cameras read two watch-listed plates (a car on Trần Hưng Đạo bridge, a motorbike at the bus station).',
    },
    durationMs: 15 * MINUTE,
  },
  expected: (ctx) => {
    const o = objects(ctx);
    return [
      {
        rule: 'watch-list-plates',
        key: `camera:watch-list-plates:${frigateEventId(o.listedCar)}`,
        category: 'security',
        severity: 'Moderate',
        deviceId: o.bridge.id,
        ward: o.bridge.ward,
        evidence: ['camera_event'],
      },
      {
        rule: 'watch-list-plates',
        key: `camera:watch-list-plates:${frigateEventId(o.listedBike)}`,
        category: 'security',
        severity: 'Moderate',
        deviceId: o.bus.id,
        ward: o.bus.ward,
        evidence: ['camera_event'],
      },
    ];
  },
  events(ctx) {
    const o = objects(ctx);
    return [
      ...scripted(o.bridge.id, 'frigate', [
        ...frigateEventMessages(o.clean),
        ...frigateEventMessages(o.listedCar),
      ]),
      ...scripted(o.bus.id, 'frigate', frigateEventMessages(o.listedBike)),
    ];
  },
};
