import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import { NON_TERMINAL_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogForm } from './dialog-form.component';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatDateTime } from '../../i18n/locale.format';
import type { IncidentStore } from './incident.store';
import { useIncidents } from './use-incidents.hook';
import './incident-desk.css';

interface BannerProps {
  detail: IncidentDetail;
  /** Supervisors (and admins) may merge and reopen; operators see the link. */
  supervisor: boolean;
  onOpenIncident?(id: string): void;
  /** Merge this incident into the related one, then reopen that one (asks for a reason first). */
  onReopenRelated(): void;
  /** Open the merge dialog with the related incident chosen. */
  onMergeRelated(): void;
}

/**
 * "Related to incident X (resolved at …) — reopen the earlier incident?": shown on an incident opened by
 * the same condition shortly after X was resolved (server: `relatedIncidentId`, `related`).
 */
export function RelatedBanner({
  detail,
  supervisor,
  onOpenIncident,
  onReopenRelated,
  onMergeRelated,
}: BannerProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const r = detail.related;
  if (!r) return null;
  const resolved = r.status === 'resolved';
  const time = r.status === 'closed' ? r.closedAt : r.resolvedAt;
  const text = t(r.status === 'closed' ? 'desk.related.closedText' : 'desk.related.text', {
    id: r.id,
    time: time ? formatDateTime(time, lang, tz) : '—',
  });
  const canMerge = supervisor && detail.allowedCommands.includes('merge') && r.status !== 'closed';
  return (
    <div className="desk-banner" role="status" data-testid="related-banner" data-related={r.id}>
      <span>
        {text}
        {resolved && supervisor && <> — {t('desk.related.ask')}</>}
      </span>
      <div className="desk-banner-actions">
        {onOpenIncident && (
          <button type="button" className="link" onClick={() => onOpenIncident(r.id)}>
            {t('desk.related.view')}
          </button>
        )}
        {resolved && supervisor && (
          <button type="button" className="primary" data-testid="related-reopen" onClick={onReopenRelated}>
            {t('desk.related.reopenOld')}
          </button>
        )}
        {canMerge && (
          <button type="button" data-testid="related-merge" onClick={onMergeRelated}>
            {t('desk.related.mergeOld')}
          </button>
        )}
      </div>
    </div>
  );
}

/** On a duplicate cancelled by a merge: where its evidence went. */
export function MergedNotice({
  detail,
  onOpenIncident,
}: {
  detail: IncidentDetail;
  onOpenIncident?(id: string): void;
}) {
  const { t } = useTranslation();
  if (!detail.mergedInto) return null;
  const into = detail.mergedInto;
  return (
    <div className="desk-banner" role="status" data-testid="merged-notice">
      {onOpenIncident ? (
        <button type="button" className="link" onClick={() => onOpenIncident(into)}>
          {t('desk.merged', { id: into })}
        </button>
      ) : (
        t('desk.merged', { id: into })
      )}
    </div>
  );
}

interface MergeProps {
  detail: IncidentDetail;
  store: IncidentStore;
  initialInto: string | null;
  busy: boolean;
  error: string | null;
  onMerge(into: string, note: string): Promise<boolean>;
  onClose(): void;
}

/**
 * Merge this incident (a duplicate) into another: the candidates are the incidents the console holds
 * that can take it (open or resolved), same category first, then newest; a note is required.
 */
export function MergeDialog({ detail, store, initialInto, busy, error, onMerge, onClose }: MergeProps) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const all = useIncidents(store);
  const [into, setInto] = useState(initialInto ?? '');
  const [note, setNote] = useState('');
  const noteId = useId();
  const candidates = useMemo(() => {
    const list = [...all.values()].filter(
      (i) => i.id !== detail.id && NON_TERMINAL_INCIDENT_STATUSES.includes(i.status),
    );
    list.sort(
      (a, b) =>
        Number(b.category === detail.category) - Number(a.category === detail.category) ||
        Date.parse(b.openedAt) - Date.parse(a.openedAt),
    );
    return list;
  }, [all, detail.id, detail.category]);
  const related = detail.related;
  const listed = related && !candidates.some((c) => c.id === related.id) ? related : null;

  const text = note.trim();
  const title = (i: { title: string; titleEn: string | null }) =>
    lang === 'en' && i.titleEn ? i.titleEn : i.title;
  return (
    <DialogForm
      className="desk-dialog"
      label={t('desk.mergeDialog.title')}
      testId="merge-dialog"
      onSubmit={() => {
        if (into && text && !busy) void onMerge(into, text).then((ok) => ok && onClose());
      }}
      onClose={onClose}
      error={error}
      back={{ label: t('desk.confirm.back') }}
      submit={{
        label: t('desk.mergeDialog.submit'),
        className: 'danger',
        disabled: !into || !text || busy,
        testId: 'merge-submit',
      }}
    >
      <h2>{t('desk.mergeDialog.title')}</h2>
      <p className="muted small">
        {detail.id} · {title(detail)}
      </p>
      <p className="small">{t('desk.mergeDialog.explain')}</p>
      <label className="desk-label">
        {t('desk.mergeDialog.into')}
        <select value={into} data-testid="merge-into" onChange={(e) => setInto(e.target.value)}>
          <option value="" disabled>
            {t('desk.mergeDialog.choose')}
          </option>
          {listed && (
            <option value={listed.id}>
              {listed.id} · {title(listed)} · {t(`status.${listed.status}`)}
            </option>
          )}
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id} · {title(c)} · {t(`status.${c.status}`)}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={noteId} className="desk-label">
        {t('desk.mergeDialog.note')}
      </label>
      <textarea
        id={noteId}
        className="desk-textarea"
        rows={3}
        maxLength={4000}
        value={note}
        data-testid="merge-note"
        onChange={(e) => setNote(e.target.value)}
      />
    </DialogForm>
  );
}
