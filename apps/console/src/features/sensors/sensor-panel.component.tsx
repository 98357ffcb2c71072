import type { City } from '@ioc/contracts/city.schema';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n.setup';
import type { DisplayValue } from './metric-display';
import { buildSensorRows, type SensorRow } from './sensor-rows';
import type { SensorStateStore } from './sensor-state.store';
import { useSensorStates } from './use-sensor-states.hook';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';

interface Props {
  city: City;
  store: SensorStateStore;
  onSelect(row: SensorRow): void;
}

/** Sensor list with diacritic-insensitive search; rows carry test ids for the browser suite. */
export function SensorPanel({ city, store, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const states = useSensorStates(store);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const rows = useMemo(
    () => buildSensorRows(city, states, deferredQuery, lang, tz),
    [city, states, deferredQuery, lang],
  );

  return (
    <section className="panel-view" aria-label={t('sensors.title')}>
      <div className="panel-head">
        <h2>{t('sensors.title')}</h2>
        <span className="muted">
          {t('sensors.count', { shown: rows.length, total: city.sensors.length })}
        </span>
      </div>
      <input
        className="search"
        type="search"
        value={query}
        placeholder={t('sensors.search')}
        aria-label={t('sensors.searchLabel')}
        data-testid="sensor-search"
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul className="sensor-list">
        {rows.length === 0 && <li className="muted empty">{t('sensors.empty')}</li>}
        {rows.map((r) => (
          <li key={r.id}>
            <button
              type="button"
              className="sensor-row"
              data-testid={`sensor-row-${r.id}`}
              onClick={() => onSelect(r)}
            >
              <span className="dot" style={{ background: r.color }} aria-hidden="true" />
              <span className="sensor-main">
                <span className="sensor-name">{r.name}</span>
                <span className="muted small">
                  {r.wardName} · {t(`sensors.kind.${r.kind}`)}
                </span>
              </span>
              <span className="sensor-reading">
                <span className="sensor-value" data-testid={`sensor-value-${r.id}`}>
                  <ValueText value={r.value} />
                </span>
                <span className="muted small">{r.time}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ValueText({ value }: { value: DisplayValue | null }) {
  const { t } = useTranslation();
  if (!value) return <span className="muted">{t('sensors.noData')}</span>;
  if (value.type === 'flag') return <>{value.on ? t('sensors.leak.wet') : t('sensors.leak.dry')}</>;
  return (
    <>
      {value.text}
      {value.unit && <span className="unit"> {value.unit}</span>}
    </>
  );
}
