import type { DispatchCandidate, DispatchPlan, UnitNeed } from '@ioc/contracts/dispatch-plan.dto';
import type { Incident } from '@ioc/contracts/incident.schema';
import type { FeatureCollection, LineString } from 'geojson';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogForm } from './dialog-form.component';
import { CommandError } from '../../api/http.client';
import { loadDispatchPlan, runIncidentCommand } from '../../api/incidents.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber } from '../../i18n/locale.format';
import { arrangeCandidates, needsText } from './dispatch-plan.view';
import type { IncidentStore } from './incident.store';
import './dispatch.css';

interface Props {
  incident: Incident;
  store: IncidentStore;
  onClose(): void;
  /** Lines unit → incident for the map (null clears them). */
  onLines(lines: FeatureCollection<LineString> | null): void;
}

/**
 * Dispatch by need: states what the incident needs, pre-ticks the nearest available unit(s) of each
 * needed type (a fire's engines first) and lists every other available unit by type with distance and
 * ETA; a type the category does not need is never pre-ticked. Enter dispatches the ticked units.
 */
export function DispatchDialog({ incident, store, onClose, onLines }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [plan, setPlan] = useState<DispatchPlan | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    loadDispatchPlan(incident.id, ac.signal)
      .then((p) => {
        setPlan(p);
        setChosen(new Set(p.candidates.filter((c) => c.proposed).map((c) => c.unit.id)));
      })
      .catch((e: unknown) => !ac.signal.aborted && setError(String(e)));
    return () => ac.abort();
  }, [incident.id]);

  // the map draws a line from each ticked unit (or its base) to the incident
  useEffect(() => {
    if (!plan || incident.lat === null || incident.lon === null) return;
    onLines({
      type: 'FeatureCollection',
      features: plan.candidates
        .filter((c) => chosen.has(c.unit.id) && c.unit.lat !== null && c.unit.lon !== null)
        .map((c) => ({
          type: 'Feature',
          properties: { id: c.unit.id },
          geometry: {
            type: 'LineString',
            coordinates: [
              [c.unit.lon!, c.unit.lat!],
              [incident.lon!, incident.lat!],
            ],
          },
        })),
    });
  }, [plan, chosen, incident.lat, incident.lon, onLines]);
  useEffect(() => () => onLines(null), [onLines]);

  const rows = useMemo(() => (plan ? arrangeCandidates(plan) : null), [plan]);
  const needList = (needs: readonly UnitNeed[]) =>
    needsText(needs, (n) =>
      t('desk.need', { count: n.count, noun: t(`desk.noun.${n.type}`, { count: n.count }) }),
    );

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

  const toggle = (id: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  // display order: the proposal first (its first row has the focus), then the groups
  let rank = 0;
  const row = (n: DispatchCandidate) => {
    const r = rank++;
    return (
      <tr
        key={n.unit.id}
        data-testid={`dispatch-unit-${n.unit.id}`}
        data-rank={r}
        data-proposed={n.proposed}
        data-type={n.unit.type}
        className={n.proposed ? 'proposed' : undefined}
      >
        <td>
          <input
            type="checkbox"
            aria-label={n.unit.name}
            checked={chosen.has(n.unit.id)}
            autoFocus={r === 0}
            onChange={(e) => toggle(n.unit.id, e.target.checked)}
          />
        </td>
        <td>
          {n.unit.name}
          {n.atBase && (
            <div className="muted small" data-testid="at-base">
              {t('desk.atBase', { name: n.unit.baseName ?? '' })}
            </div>
          )}
        </td>
        <td>{t(`unitType.${n.unit.type}`, { defaultValue: n.unit.type })}</td>
        <td className="num">{formatNumber(n.distanceM / 1000, lang, 1)} km</td>
        <td className="num">{t('dispatch.minutes', { n: formatNumber(Math.ceil(n.etaS / 60), lang, 0) })}</td>
      </tr>
    );
  };

  return (
    <DialogForm
      className="dispatch-dialog"
      label={t('dispatch.title')}
      testId="dispatch-dialog"
      onSubmit={() => {
        if (chosen.size) void dispatch();
      }}
      onClose={onClose}
      error={error}
      back={{ label: t('dispatch.cancel') }}
      submit={{
        label: t('dispatch.confirm', { count: chosen.size }),
        className: 'primary',
        disabled: busy || chosen.size === 0,
        testId: 'dispatch-confirm',
      }}
    >
      <h2>{t('dispatch.title')}</h2>
      <p className="muted small">{lang === 'en' && incident.titleEn ? incident.titleEn : incident.title}</p>
      {plan && (
        <div className="dispatch-needs" data-testid="dispatch-needs">
          <strong>
            {plan.needs.length ? t('desk.needs', { list: needList(plan.needs) }) : t('desk.noNeeds')}
          </strong>
          {plan.working.length > 0 && (
            <div className="small">{t('desk.working', { list: needList(plan.working) })}</div>
          )}
          {plan.unmet.length > 0 && (
            <div className="error small" role="alert" data-testid="dispatch-unmet">
              {t('desk.unmet', { list: needList(plan.unmet) })}
            </div>
          )}
        </div>
      )}
      {plan === null && !error && <p className="muted">{t('app.loading')}</p>}
      {plan?.candidates.length === 0 && <p className="muted">{t('dispatch.none')}</p>}
      {rows && plan && plan.candidates.length > 0 && (
        <div className="dispatch-scroll">
          <table className="units-table dispatch-table">
            <thead>
              <tr>
                <th />
                <th>{t('units.name')}</th>
                <th>{t('units.type')}</th>
                <th className="num">{t('dispatch.distance')}</th>
                <th className="num">{t('dispatch.eta')}</th>
              </tr>
            </thead>
            {rows.proposed.length > 0 && (
              <tbody data-testid="dispatch-proposed">
                <tr className="group-head">
                  <th colSpan={5}>{t('desk.proposed')}</th>
                </tr>
                {rows.proposed.map(row)}
              </tbody>
            )}
            {rows.groups.length > 0 && (
              <tbody>
                <tr className="section-head">
                  <th colSpan={5}>{t('desk.others')}</th>
                </tr>
              </tbody>
            )}
            {rows.groups.map((g) => (
              <tbody key={g.type} data-testid={`dispatch-group-${g.type}`}>
                <tr className="group-head">
                  <th colSpan={5}>
                    {t('desk.group', { type: t(`unitType.${g.type}`), count: g.units.length })}
                  </th>
                </tr>
                {g.units.map(row)}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </DialogForm>
  );
}
