import type { City } from '@ioc/contracts/city.schema';
import {
  IncidentStatusSchema,
  type IncidentCategory,
  type IncidentStatus,
} from '@ioc/contracts/incident.schema';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoryOptions } from '../../ui/category-options.component';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatTime } from '../../i18n/locale.format';
import {
  buildQueue,
  DEFAULT_QUEUE_FILTER,
  formatCountdown,
  SEVERITY_COLORS,
  type QueueFilter,
} from './incident-queue';
import type { IncidentStore } from './incident.store';
import { useIncidents, useNow } from './use-incidents.hook';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';
import { describePoint } from '../../i18n/location.format';

interface Props {
  city: City;
  store: IncidentStore;
  selectedId: string | null;
  onSelect(id: string): void;
  /** Keyboard shortcuts: A acknowledges, D opens the dispatch dialog for the selected incident. */
  onAck(id: string): void;
  onDispatch(id: string): void;
  muted: boolean;
  onToggleMute(): void;
}

const QUEUE_STATUSES: IncidentStatus[] = IncidentStatusSchema.options.filter(
  (s) => s !== 'closed' && s !== 'cancelled',
);

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The incident queue: most severe first, then nearest SLA deadline; clocks tick every second. */
export function IncidentQueue({
  city,
  store,
  selectedId,
  onSelect,
  onAck,
  onDispatch,
  muted,
  onToggleMute,
}: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const incidents = useIncidents(store);
  const now = useNow();
  const [filter, setFilter] = useState<QueueFilter>(DEFAULT_QUEUE_FILTER);
  const query = useDeferredValue(filter.query);
  const rows = useMemo(
    () => buildQueue(incidents.values(), city, { ...filter, query }, now),
    [incidents, city, filter, query, now],
  );
  const wards = useMemo(() => [...city.wards].sort((a, b) => a.name.localeCompare(b.name, 'vi')), [city]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      const idx = rows.findIndex((r) => r.incident.id === selectedId);
      if (key === 'arrowdown' || key === 'j') {
        const next = rows[Math.min(idx + 1, rows.length - 1)];
        if (next) onSelect(next.incident.id);
        e.preventDefault();
      } else if (key === 'arrowup' || key === 'k') {
        const prev = rows[Math.max(idx - 1, 0)];
        if (prev) onSelect(prev.incident.id);
        e.preventDefault();
      } else if (key === 'a' && selectedId) {
        onAck(selectedId);
      } else if (key === 'd' && selectedId) {
        onDispatch(selectedId);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selectedId, onSelect, onAck, onDispatch]);

  const set = <K extends keyof QueueFilter>(k: K, v: QueueFilter[K]) => setFilter((f) => ({ ...f, [k]: v }));

  return (
    <section className="queue" aria-label={t('incidents.title')} data-testid="incident-queue">
      <div className="panel-head">
        <h2>{t('incidents.title')}</h2>
        <span className="muted">{t('incidents.count', { count: rows.length })}</span>
        <button
          type="button"
          className="icon-button"
          aria-pressed={muted}
          data-testid="mute-toggle"
          title={muted ? t('incidents.unmute') : t('incidents.mute')}
          onClick={onToggleMute}
        >
          {muted ? t('incidents.soundOff') : t('incidents.soundOn')}
        </button>
      </div>
      <div className="filters">
        <input
          className="search"
          type="search"
          value={filter.query}
          placeholder={t('incidents.search')}
          aria-label={t('incidents.search')}
          data-testid="incident-search"
          onChange={(e) => set('query', e.target.value)}
        />
        <select
          aria-label={t('incidents.filter.status')}
          data-testid="filter-status"
          value={filter.status}
          onChange={(e) => set('status', e.target.value as IncidentStatus | 'all')}
        >
          <option value="all">{t('incidents.filter.allStatuses')}</option>
          {QUEUE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('incidents.filter.category')}
          data-testid="filter-category"
          value={filter.category}
          onChange={(e) => set('category', e.target.value as IncidentCategory | 'all')}
        >
          <option value="all">{t('incidents.filter.allCategories')}</option>
          <CategoryOptions />
        </select>
        <select
          aria-label={t('incidents.filter.ward')}
          data-testid="filter-ward"
          value={filter.ward}
          onChange={(e) => set('ward', e.target.value)}
        >
          <option value="all">{t('incidents.filter.allWards')}</option>
          {wards.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small shortcuts">{t('incidents.shortcuts')}</p>
      <ul className="incident-list">
        {rows.length === 0 && <li className="muted empty">{t('incidents.empty')}</li>}
        {rows.map(({ incident: i, wardName, slaRemainingS, overdue }) => (
          <li key={i.id}>
            <button
              type="button"
              className={`incident-row${overdue ? ' overdue' : ''}${i.id === selectedId ? ' selected' : ''}`}
              data-testid={`incident-row-${i.id}`}
              data-status={i.status}
              aria-current={i.id === selectedId}
              onClick={() => onSelect(i.id)}
            >
              <span className="sev" style={{ background: SEVERITY_COLORS[i.severity] }}>
                {t(`severity.${i.severity}`)}
              </span>
              <span className="incident-main">
                <span className="incident-title">{lang === 'en' && i.titleEn ? i.titleEn : i.title}</span>
                <span className="muted small">
                  {t(`category.${i.category}`)} · {wardName ?? t('incidents.noWard')} ·{' '}
                  {formatTime(i.openedAt, lang, tz)}
                </span>
                {/* where, by the nearest landmark (i18n/location.format.ts) */}
                <span className="muted small" data-testid={`incident-landmark-${i.id}`}>
                  {describePoint(i, city.landmarks, t, lang)}
                </span>
              </span>
              <span className="incident-side">
                <span className={`status status-${i.status}`} data-testid={`incident-status-${i.id}`}>
                  {t(`status.${i.status}`)}
                </span>
                {slaRemainingS !== null && (
                  <span className={`sla${overdue ? ' sla-overdue' : ''}`} title={t('incidents.sla')}>
                    {overdue ? t('incidents.overdue') + ' ' : ''}
                    {formatCountdown(slaRemainingS)}
                  </span>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
