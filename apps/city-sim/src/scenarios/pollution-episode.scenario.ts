import type { ExpectedIncident, Scenario } from '../scenario.types';
import { HOUR, noise, round, sensorOf, trapezoid, withValues } from '../scenario.toolkit';

/** The Phong Nẫm stations (industrial park, railway station, QL1): SenML and FIWARE devices. */
const STATIONS = ['pt-aq-15', 'pt-aq-16', 'pt-aq-17'];
/** PM2.5 plateau (µg/m³): a 12-hour NowCast of ~105–125 is VN_AQI 151–200, Xấu; below 150 stays under Rất xấu. */
const PLATEAU_PM25 = 125;

/**
 * A still, humid night-to-morning inversion traps industrial and traffic smoke over Phong Nẫm: PM2.5
 * climbs from ~25 to ~125 µg/m³ over an hour, holds for 3½ hours and clears. Hourly VN_AQI of the three
 * stations goes Kém (opens the incident, Minor) then Xấu (raised to Moderate).
 */
export const pollutionEpisodeScenario: Scenario = {
  info: {
    name: 'pollution-episode',
    description: {
      vi: 'Ô nhiễm bụi mịn PM2.5 ở phường Phong Nẫm: VN_AQI lên mức Xấu tại 3 trạm.',
      en: 'PM2.5 episode over Phong Nẫm ward: hourly VN_AQI reaches Xấu (bad) at 3 stations.',
    },
    durationMs: 6 * HOUR,
  },
  devices: STATIONS,
  expected: (ctx): ExpectedIncident[] =>
    STATIONS.map((id) => ({
      rule: 'vn-aqi-poor',
      key: `aqi:vn-aqi-poor:${id}`,
      category: 'air_quality',
      severity: 'Moderate',
      band: 'bad',
      deviceId: id,
      ward: sensorOf(ctx.city, id).ward,
      evidence: ['aqi'],
    })),
  adjust(ctx, sensor, sample, t) {
    if (!STATIONS.includes(sensor.id)) return sample;
    const f = trapezoid(t, 1 * HOUR, 2 * HOUR, 5.5 * HOUR, 6 * HOUR);
    if (f === 0) return sample;
    return withValues(sample, (metric, v) => {
      if (metric !== 'pm25' && metric !== 'pm10') return v;
      const target = PLATEAU_PM25 * (1 + 0.08 * noise(ctx.seed, sensor.id, metric, sample.timeMs));
      const pm25 = v + (target - v) * f;
      return round(metric === 'pm25' ? pm25 : Math.max(v, pm25 * 1.7), 1);
    });
  },
};
