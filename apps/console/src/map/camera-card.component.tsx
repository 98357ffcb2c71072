import type { City } from '@ioc/contracts/city.schema';
import { NON_TERMINAL_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import { inCameraView } from '@ioc/domain/geo';
import { useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITY_COLORS } from '../features/incidents/incident-queue';
import type { IncidentStore } from '../features/incidents/incident.store';
import { currentLanguage } from '../i18n/i18n.setup';
import { formatNumber } from '../i18n/locale.format';
import { describePoint } from '../i18n/location.format';

interface Props {
  city: City;
  incidents: IncidentStore;
  id: string;
  onClose(): void;
  onSelectIncident(id: string): void;
  /** Shown under the camera panel (which has the name and the way back): only the facts. */
  embedded?: boolean;
}

const OPEN: ReadonlySet<string> = new Set(NON_TERMINAL_INCIDENT_STATUSES);

/** A camera clicked on the map: where it is, what it covers and the open incidents inside its view. */
export function CameraCard({ city, incidents, id, onClose, onSelectIncident, embedded }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const camera = city.cameras.find((c) => c.id === id);
  const incidentMap = useSyncExternalStore(incidents.subscribe, incidents.getSnapshot);
  const seen = useMemo(
    () =>
      camera
        ? [...incidentMap.values()].filter(
            (i) =>
              OPEN.has(i.status) &&
              i.lat !== null &&
              i.lon !== null &&
              inCameraView(camera, { lat: i.lat, lon: i.lon }),
          )
        : [],
    [camera, incidentMap],
  );
  if (!camera) return null;
  const ward = city.wards.find((w) => w.id === camera.ward)?.name ?? camera.ward;
  const range = formatNumber(camera.range, lang, 0);
  return (
    <section className="detail map-card" data-testid="camera-card">
      {!embedded && (
        <>
          <button type="button" className="link" onClick={onClose} data-testid="camera-card-back">
            ← {t('detail.back')}
          </button>
          <h2 data-testid="camera-card-name">{camera.name}</h2>
        </>
      )}
      <table className="units-table map-card-table">
        <tbody>
          <tr>
            <th>{t('map.camera.ward')}</th>
            <td>{ward}</td>
          </tr>
          <tr>
            <th>{t('map.camera.location')}</th>
            <td>{describePoint(camera, city.landmarks, t, lang) || `${camera.lat}, ${camera.lon}`}</td>
          </tr>
          <tr>
            <th>{t('map.camera.view')}</th>
            <td>
              {camera.fov >= 360
                ? t('map.tooltip.dome', { range })
                : t('map.tooltip.view', { bearing: camera.bearing, fov: camera.fov, range })}
            </td>
          </tr>
        </tbody>
      </table>
      <h3>{t('map.camera.incidents')}</h3>
      {seen.length === 0 ? (
        <p className="muted small">{t('map.camera.noIncidents')}</p>
      ) : (
        <ul className="plain" data-testid="camera-card-incidents">
          {seen.map((i) => (
            <li key={i.id}>
              <button type="button" className="link" onClick={() => onSelectIncident(i.id)}>
                <span className="dot inline-dot" style={{ background: SEVERITY_COLORS[i.severity] }} />{' '}
                {lang === 'en' && i.titleEn ? i.titleEn : i.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
