import { useMemo, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber } from '../../i18n/locale.format';
import type { IncidentStore } from '../incidents/incident.store';
import { useIncidents, useNow } from '../incidents/use-incidents.hook';
import { StatusSince } from '../incidents/status-since.component';
import { UnitActions } from '../incidents/unit-actions.component';
import { UNIT_STATUS_COLORS, type UnitStore } from './unit.store';

interface Props {
  units: UnitStore;
  incidents: IncidentStore;
  onSelectIncident(id: string): void;
  onSelectUnit(lon: number, lat: number): void;
}

const STATUS_ORDER = ['on_scene', 'en_route', 'dispatched', 'available', 'off_duty'];

/** Every unit: status, the incident it works, how old its last position is. */
export function UnitsBoard({ units, incidents, onSelectIncident, onSelectUnit }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const all = useSyncExternalStore(units.subscribe, units.getSnapshot);
  const incidentMap = useIncidents(incidents);
  const now = useNow(5000); // ticks the position age and the time in status
  const rows = useMemo(
    () =>
      [...all.values()].sort(
        (a, b) =>
          STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
          a.name.localeCompare(b.name, 'vi'),
      ),
    [all],
  );
  const age = (iso: string | null, atBase?: boolean) => {
    if (!iso) return atBase ? t('desk.atBaseShort') : t('units.noFix');
    const s = Math.max(0, (now - Date.parse(iso)) / 1000);
    return s < 90
      ? t('units.ageS', { n: formatNumber(s, lang, 0) })
      : s < 5400
        ? t('units.ageM', { n: formatNumber(s / 60, lang, 0) })
        : t('units.ageH', { n: formatNumber(s / 3600, lang, 0) });
  };
  return (
    <section className="panel-view" aria-label={t('views.units')} data-testid="units-board">
      <div className="panel-head">
        <h2>{t('views.units')}</h2>
        <span className="muted">
          {t('units.available', {
            n: rows.filter((u) => u.status === 'available').length,
            total: rows.length,
          })}
        </span>
      </div>
      <div className="scroll">
        <table className="units-table units-board-table">
          <thead>
            <tr>
              <th>{t('units.name')}</th>
              <th>{t('units.status')}</th>
              <th>{t('units.incident')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const inc = u.incidentId ? incidentMap.get(u.incidentId) : undefined;
              return (
                <tr key={u.id} data-testid={`unit-row-${u.id}`} data-status={u.status}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      disabled={u.lat === null || u.lon === null}
                      onClick={() => u.lat !== null && u.lon !== null && onSelectUnit(u.lon, u.lat)}
                    >
                      {u.name}
                    </button>
                    <div className="muted small" title={u.atBase ? u.baseName : undefined}>
                      {t(`unitType.${u.type}`)} · {age(u.positionTime, u.atBase)}
                    </div>
                  </td>
                  <td>
                    <span className="dot" style={{ background: UNIT_STATUS_COLORS[u.status] }} />{' '}
                    {t(`unitStatus.${u.status}`)}
                    <div
                      className="muted small"
                      data-testid={`unit-since-${u.id}`}
                      title={t('desk.inStatus')}
                    >
                      <StatusSince since={u.statusSince} now={now} />
                    </div>
                    <UnitActions unit={u} />
                  </td>
                  <td className="unit-incident">
                    {u.incidentId ? (
                      <button type="button" className="link" onClick={() => onSelectIncident(u.incidentId!)}>
                        {inc ? (lang === 'en' && inc.titleEn ? inc.titleEn : inc.title) : u.incidentId}
                      </button>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
