import type { ExpectedIncident, Scenario } from '../scenario.types';
import { HOUR, MINUTE, noise, round, sensorOf, trapezoid, withValues } from '../scenario.toolkit';

/** Peak level per Cà Ty bridge gauge (alarm levels I/II/III = 2.2/2.6/3.0 m): III, II and I. */
const GAUGES: Record<string, { peak: number; severity: ExpectedIncident['severity'] }> = {
  'pt-wl-01': { peak: 3.18, severity: 'Extreme' },
  'pt-wl-02': { peak: 2.78, severity: 'Severe' },
  'pt-wl-03': { peak: 2.38, severity: 'Moderate' },
};
const LEAK = 'pt-fl-03';
const RAIN = 'pt-wx-01';

/**
 * A tropical downpour over the Cà Ty catchment: 70 mm/h at the Phan Thiết weather station for 90 minutes
 * (heavy-rain), the river rises over two hours past alarm I at Lê Hồng Phong bridge, II at Sở Muối and III
 * at Văn Thánh (upstream), and the underpass of the provincial centre floods (street-flooding).
 */
export const floodScenario: Scenario = {
  info: {
    name: 'flood',
    description: {
      vi: 'Mưa lớn, sông Cà Ty vượt báo động I→III, hầm chui ngập nước.',
      en: 'Heavy rain, the Cà Ty river passes alarm levels I→III, an underpass floods.',
    },
    durationMs: 3 * HOUR,
  },
  devices: [...Object.keys(GAUGES), LEAK, RAIN],
  expected: (ctx): ExpectedIncident[] => [
    ...Object.entries(GAUGES).map(([id, g]): ExpectedIncident => ({
      rule: 'flood-alarm',
      key: `flood:flood-alarm:${id}`,
      category: 'flood',
      severity: g.severity,
      deviceId: id,
      ward: sensorOf(ctx.city, id).ward,
    })),
    {
      rule: 'street-flooding',
      key: `threshold:street-flooding:${LEAK}`,
      category: 'flood',
      severity: 'Moderate',
      deviceId: LEAK,
      ward: sensorOf(ctx.city, LEAK).ward,
    },
    {
      rule: 'heavy-rain',
      key: `threshold:heavy-rain:${RAIN}`,
      category: 'flood',
      severity: 'Minor',
      deviceId: RAIN,
      ward: sensorOf(ctx.city, RAIN).ward,
    },
  ],
  adjust(ctx, sensor, sample, t) {
    const n = (metric: string) => noise(ctx.seed, sensor.id, metric, sample.timeMs);
    const gauge = GAUGES[sensor.id];
    if (gauge) {
      const f = trapezoid(t, 20 * MINUTE, 2 * HOUR, 2.5 * HOUR, 3 * HOUR + 30 * MINUTE);
      return withValues(sample, (m, v) =>
        m === 'water_level' ? round(v + (gauge.peak - v) * f + 0.01 * n(m), 3) : v,
      );
    }
    if (sensor.id === LEAK)
      return withValues(sample, (m, v) =>
        m === 'water_leak' ? (t >= 1 * HOUR && t < 2.5 * HOUR ? 1 : 0) : v,
      );
    if (sensor.kind === 'weather') {
      // City-wide showers; the heaviest cell sits over the Phan Thiết station.
      const f = trapezoid(t, 10 * MINUTE, 15 * MINUTE, 105 * MINUTE, 110 * MINUTE);
      const peak = sensor.id === RAIN ? 72 : 28;
      return withValues(sample, (m, v) =>
        m === 'rainfall' ? round(Math.max(v, peak * f * (1 + 0.05 * n(m))), 1) : v,
      );
    }
    return sample;
  },
};
