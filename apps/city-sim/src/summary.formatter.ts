import type { SimMessage } from './message.generator';
import type { SimulatorStats } from './simulator.runner';

/** Simulated time as Vietnam local time, which is how operators read it. */
export function formatVnTime(ms: number): string {
  return `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} +07`;
}

/** Metrics worth showing in the one-line summary, so the console shows values moving. */
const FEATURED = ['pm25', 'water_level'];

/** One line: simulated time, counters, throughput, and the latest value of a few featured metrics. */
export function formatSummary(
  stats: SimulatorStats,
  perSecond: number,
  latest: Map<string, SimMessage>,
): string {
  const shown: string[] = [];
  for (const metric of FEATURED) {
    for (const m of latest.values()) {
      const v = m.sample.values.find((x) => x.metric === metric);
      if (v) {
        shown.push(`${m.deviceId} ${metric}=${v.value}`);
        break;
      }
    }
  }
  return (
    `sim ${formatVnTime(stats.simTimeMs)} · sent ${stats.published} (${perSecond.toFixed(1)}/s) · ` +
    `acked ${stats.acked} · failed ${stats.failed}` +
    (shown.length ? ` · ${shown.join(' · ')}` : '')
  );
}
