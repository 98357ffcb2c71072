import type { City } from '@ioc/contracts/city.schema';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentStore } from '../features/incidents/incident.store';
import { useNow } from '../features/incidents/use-incidents.hook';
import { UNIT_STATUS_COLORS, type UnitStore } from '../features/units/unit.store';
import { useCityTimeZone } from '../i18n/city-time-zone.context';
import { currentLanguage } from '../i18n/i18n.setup';
import { formatDateTime, formatTime } from '../i18n/locale.format';
import { describePoint, formatDuration } from '../i18n/location.format';
import { UNIT_PICTOGRAMS, UNIT_STATUS_INK } from './unit.symbols';

interface Props {
  city: City;
  units: UnitStore;
  incidents: IncidentStore;
  id: string;
  onClose(): void;
  onSelectIncident(id: string): void;
  onFocus(lon: number, lat: number): void;
}

/** A unit clicked on the map: type, status and for how long, its incident, where it was last seen. */
export function UnitCard({ city, units, incidents, id, onClose, onSelectIncident, onFocus }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const now = useNow();
  const unit = useSyncExternalStore(units.subscribe, units.getSnapshot).get(id);
  const incidentMap = useSyncExternalStore(incidents.subscribe, incidents.getSnapshot);
  const base = city.units.find((u) => u.id === id);
  if (!unit) return null;
  const incident = unit.incidentId ? incidentMap.get(unit.incidentId) : undefined;
  const where = describePoint(unit, city.landmarks, t, lang);
  return (
    <section className="detail map-card" data-testid="unit-card" data-status={unit.status}>
      <button type="button" className="link" onClick={onClose} data-testid="unit-card-back">
        ← {t('detail.back')}
      </button>
      <header className="map-card-head">
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" className="unit-badge">
          <rect x="0.5" y="0.5" width="23" height="23" rx="5" fill={UNIT_STATUS_COLORS[unit.status]} />
          <path
            d={UNIT_PICTOGRAMS[unit.type]}
            fill={UNIT_STATUS_INK[unit.status]}
            transform="translate(3 3) scale(0.75)"
            fillRule="evenodd"
          />
        </svg>
        <h2 data-testid="unit-card-name">{unit.name}</h2>
      </header>
      <table className="units-table map-card-table">
        <tbody>
          <tr>
            <th>{t('map.unit.type')}</th>
            <td data-testid="unit-card-type">{t(`unitType.${unit.type}`)}</td>
          </tr>
          <tr>
            <th>{t('map.unit.status')}</th>
            <td data-testid="unit-card-status">
              <span className="dot inline-dot" style={{ background: UNIT_STATUS_COLORS[unit.status] }} />{' '}
              {t(`unitStatus.${unit.status}`)}
            </td>
          </tr>
          {unit.statusSince && (
            <tr>
              <th>{t('map.unit.inStatus')}</th>
              <td data-testid="unit-card-in-status">
                {formatDuration(now - Date.parse(unit.statusSince), t)} (
                {t('map.unit.since', { time: formatTime(unit.statusSince, lang, tz) })})
              </td>
            </tr>
          )}
          <tr>
            <th>{t('map.unit.incident')}</th>
            <td data-testid="unit-card-incident">
              {unit.incidentId ? (
                <button type="button" className="link" onClick={() => onSelectIncident(unit.incidentId!)}>
                  {incident
                    ? lang === 'en' && incident.titleEn
                      ? incident.titleEn
                      : incident.title
                    : unit.incidentId}
                </button>
              ) : (
                t('map.unit.noIncident')
              )}
            </td>
          </tr>
          <tr>
            <th>{t('map.unit.position')}</th>
            <td>
              {unit.lat !== null && unit.lon !== null ? (
                <button type="button" className="link" onClick={() => onFocus(unit.lon!, unit.lat!)}>
                  {where || `${unit.lat.toFixed(5)}, ${unit.lon.toFixed(5)}`}
                </button>
              ) : (
                t('map.unit.noPosition')
              )}
            </td>
          </tr>
          <tr>
            <th>{t('map.unit.positionTime')}</th>
            <td data-testid="unit-card-position-time">
              {unit.positionTime ? formatDateTime(unit.positionTime, lang, tz) : t('map.unit.noPosition')}
            </td>
          </tr>
          {base && (
            <tr>
              <th>{t('map.unit.base')}</th>
              <td>{base.baseName}</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
