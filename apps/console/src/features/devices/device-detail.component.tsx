import type { City } from '@ioc/contracts/city.schema';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadSeries, type SeriesPoint } from '../../api/incidents.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatTime } from '../../i18n/locale.format';
import { chartGuides } from '@ioc/domain/chart-guides';
import { metricLabel } from '@ioc/domain/metric-display';
import { displayText } from '../sensors/metric-display';
import { SeriesChart } from '../incidents/series-chart.lazy';
import { mainMetricOf } from '../sensors/main-metric';
import type { SensorStateStore } from '../sensors/sensor-state.store';
import { useSensorStates } from '../sensors/use-sensor-states.hook';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';

/** Range presets and the rollup bucket each reads (≤ ~170 points: readable on a small chart). */
export const RANGES = {
  '1h': { ms: 3600_000, bucket: '1m' },
  '24h': { ms: 24 * 3600_000, bucket: '15m' },
  '7d': { ms: 7 * 24 * 3600_000, bucket: '1h' },
} as const;
export type RangeKey = keyof typeof RANGES;

interface Props {
  city: City;
  store: SensorStateStore;
  id: string;
  onClose(): void;
}

/** One device: its latest values and a chart of one metric from the rollups over 1 h / 24 h / 7 d. */
export function DeviceDetailView({ city, store, id, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const sensor = useMemo(() => city.sensors.find((s) => s.id === id), [city, id]);
  const state = useSensorStates(store).get(id);
  const [metric, setMetric] = useState(() => (sensor ? mainMetricOf(sensor) : null));
  const [range, setRange] = useState<RangeKey>('1h');
  const [points, setPoints] = useState<SeriesPoint[] | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!metric) return;
    const ac = new AbortController();
    const to = new Date();
    const from = new Date(to.getTime() - RANGES[range].ms);
    setPoints(null);
    loadSeries(id, metric, from.toISOString(), to.toISOString(), RANGES[range].bucket, ac.signal)
      .then(setPoints)
      .catch(() => !ac.signal.aborted && setPoints([]));
    return () => ac.abort();
  }, [id, metric, range, reload]);

  // The 1 h view follows the live data: refetch each minute.
  useEffect(() => {
    if (range !== '1h') return;
    const timer = setInterval(() => setReload((r) => r + 1), 60_000);
    return () => clearInterval(timer);
  }, [range]);

  const guides = useMemo(
    () => (metric ? chartGuides(metric, sensor?.floodAlarms ?? null) : null),
    [metric, sensor],
  );

  if (!sensor) return null;
  const wardName = city.wards.find((w) => w.id === sensor.ward)?.name ?? sensor.ward;
  return (
    <section className="detail" data-testid="device-detail">
      <button type="button" className="link" onClick={onClose} data-testid="device-back">
        ← {t('detail.back')}
      </button>
      <h2>{sensor.name}</h2>
      <p className="muted small">
        {t(`sensors.kind.${sensor.kind}`)} · {wardName} · {sensor.id}
      </p>
      <h3>{t('device.latest')}</h3>
      <table className="units-table">
        <tbody>
          {sensor.metrics.map((m) => {
            const v = state?.metrics[m];
            return (
              <tr key={m}>
                <td>
                  <label>
                    <input type="radio" name="metric" checked={metric === m} onChange={() => setMetric(m)} />{' '}
                    {t(`metric.${m}`, { defaultValue: metricLabel(m, lang) })}
                  </label>
                </td>
                <td data-testid={`device-value-${m}`}>
                  {displayText(m, v, lang, (on) => t(on ? 'sensors.leak.wet' : 'sensors.leak.dry')) ||
                    t('sensors.noData')}
                </td>
                <td className="muted small">{v ? formatTime(v.time, lang, tz) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>{t('device.chart')}</h3>
      <div className="lang-switch" role="group" aria-label={t('device.range')}>
        {(Object.keys(RANGES) as RangeKey[]).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={range === r}
            data-testid={`range-${r}`}
            onClick={() => setRange(r)}
          >
            {t(`device.ranges.${r}`)}
          </button>
        ))}
      </div>
      {points === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <SeriesChart
          points={points}
          metric={metric}
          unit={metric ? state?.metrics[metric]?.unit : null}
          guides={guides}
          height={220}
        />
      )}
    </section>
  );
}
