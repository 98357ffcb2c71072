import type { NearestUnit } from '@ioc/contracts/incident-detail.dto';
import type { Incident } from '@ioc/contracts/incident.schema';
import type { FeatureCollection, LineString } from 'geojson';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../../api/http.client';
import { loadNearestUnits, runIncidentCommand } from '../../api/incidents.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber } from '../../i18n/locale.format';
import type { IncidentStore } from './incident.store';

interface Props {
  incident: Incident;
  store: IncidentStore;
  onClose(): void;
  /** Lines unit → incident for the map (null clears them). */
  onLines(lines: FeatureCollection<LineString> | null): void;
}

/** Nearest available units with distance and ETA; the nearest is preselected (Enter dispatches it). */
export function DispatchDialog({ incident, store, onClose, onLines }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [units, setUnits] = useState<NearestUnit[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    loadNearestUnits(incident.id, ac.signal)
      .then((u) => {
        const available = u.filter((n) => n.unit.status === 'available');
        setUnits(available);
        setChosen(new Set(available.slice(0, 1).map((n) => n.unit.id)));
        if (incident.lat !== null && incident.lon !== null)
          onLines({
            type: 'FeatureCollection',
            features: available
              .filter((n) => n.unit.lat !== null && n.unit.lon !== null)
              .map((n) => ({
                type: 'Feature',
                properties: { id: n.unit.id },
                geometry: {
                  type: 'LineString',
                  coordinates: [
                    [n.unit.lon!, n.unit.lat!],
                    [incident.lon!, incident.lat!],
                  ],
                },
              })),
          });
      })
      .catch((e: unknown) => !ac.signal.aborted && setError(String(e)));
    return () => {
      ac.abort();
      onLines(null);
    };
  }, [incident.id, incident.lat, incident.lon, onLines]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const dispatch = async () => {
    setBusy(true);
    try {
      store.upsert(await runIncidentCommand(incident.id, 'dispatch', { unitIds: [...chosen] }));
      onClose();
    } catch (e) {
      setError(e instanceof CommandError ? t('detail.refused', { status: e.status }) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" role="presentation">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('dispatch.title')}
        data-testid="dispatch-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen.size) void dispatch();
        }}
      >
        <h2>{t('dispatch.title')}</h2>
        <p className="muted small">{lang === 'en' && incident.titleEn ? incident.titleEn : incident.title}</p>
        {units === null && !error && <p className="muted">{t('app.loading')}</p>}
        {units?.length === 0 && <p className="muted">{t('dispatch.none')}</p>}
        <table className="units-table">
          <thead>
            <tr>
              <th />
              <th>{t('units.name')}</th>
              <th>{t('units.type')}</th>
              <th>{t('dispatch.distance')}</th>
              <th>{t('dispatch.eta')}</th>
            </tr>
          </thead>
          <tbody>
            {units?.map((n, i) => (
              <tr key={n.unit.id} data-testid={`dispatch-unit-${n.unit.id}`} data-rank={i}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={n.unit.name}
                    checked={chosen.has(n.unit.id)}
                    autoFocus={i === 0}
                    onChange={(e) =>
                      setChosen((c) => {
                        const next = new Set(c);
                        if (e.target.checked) next.add(n.unit.id);
                        else next.delete(n.unit.id);
                        return next;
                      })
                    }
                  />
                </td>
                <td>
                  {n.unit.name}
                  {i === 0 && <span className="badge">{t('dispatch.suggested')}</span>}
                </td>
                <td>{t(`unitType.${n.unit.type}`, { defaultValue: n.unit.type })}</td>
                <td>{formatNumber(n.distanceM / 1000, lang, 1)} km</td>
                <td>{t('dispatch.minutes', { n: formatNumber(n.etaS / 60, lang, 0) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {error && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            {t('dispatch.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={busy || chosen.size === 0}
            data-testid="dispatch-confirm"
          >
            {t('dispatch.confirm', { count: chosen.size })}
          </button>
        </div>
      </form>
    </div>
  );
}
