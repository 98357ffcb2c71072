import type { Scenario } from '../scenario.types';
import { HOUR } from '../scenario.toolkit';

/** The city on an ordinary day: diurnal traffic and tide, noise, the odd offline device. No script. */
export const normalScenario: Scenario = {
  info: {
    name: 'normal',
    description: {
      vi: 'Một giờ bình thường của thành phố: giao thông, thủy triều, nhiễu, thỉnh thoảng thiết bị mất kết nối.',
      en: 'An ordinary hour: traffic peaks, tide, sensor noise, the odd offline device or malformed message.',
    },
    durationMs: HOUR,
  },
  expected: () => [],
};
