import type { RetriageBody } from '@ioc/contracts/incident-command.dto';
import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import { CapSeveritySchema, type CapSeverity, type IncidentCategory } from '@ioc/contracts/incident.schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CategoryOptions } from '../../ui/category-options.component';
import { DialogForm } from './dialog-form.component';
import { CommandError } from '../../api/http.client';
import { retriageIncident } from '../../api/incidents.api';
import './incident-desk.css';

interface Props {
  detail: IncidentDetail;
  /** Whether the state machine and the user allow it (open incidents). */
  enabled: boolean;
  onSaved(d: IncidentDetail): void;
}

/**
 * The re-triage control of the detail header: a button opening a small form for severity, category and
 * both titles, with a required note. Only what changed is sent (PATCH /api/incidents/:id); the server
 * audits old → new and every console follows through the live feed.
 */
export function RetriageControl({ detail, enabled, onSaved }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="desk-edit"
        disabled={!enabled}
        data-testid="retriage-open"
        title={t('desk.retriage.title')}
        onClick={() => setOpen(true)}
      >
        ✎ {t('desk.retriage.open')}
      </button>
      {open && (
        <RetriageDialog
          detail={detail}
          onClose={() => setOpen(false)}
          onSaved={(d) => {
            onSaved(d);
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

function RetriageDialog({
  detail,
  onClose,
  onSaved,
}: {
  detail: IncidentDetail;
  onClose(): void;
  onSaved(d: IncidentDetail): void;
}) {
  const { t } = useTranslation();
  const [severity, setSeverity] = useState<CapSeverity>(detail.severity);
  const [category, setCategory] = useState<IncidentCategory>(detail.category);
  const [title, setTitle] = useState(detail.title);
  const [titleEn, setTitleEn] = useState(detail.titleEn ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const body: Partial<RetriageBody> = {};
  if (severity !== detail.severity) body.severity = severity;
  if (category !== detail.category) body.category = category;
  if (title.trim() && title.trim() !== detail.title) body.title = title.trim();
  const en = titleEn.trim() || null;
  if (en !== detail.titleEn) body.titleEn = en;
  const changed = Object.keys(body).length > 0;
  const ready = changed && note.trim() !== '' && title.trim() !== '' && !busy;

  const save = async () => {
    setBusy(true);
    try {
      onSaved(await retriageIncident(detail.id, { ...body, note: note.trim() } as RetriageBody));
    } catch (e) {
      setError(e instanceof CommandError ? t('detail.refused', { status: e.status }) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogForm
      className="desk-dialog"
      label={t('desk.retriage.title')}
      testId="retriage-dialog"
      onSubmit={() => {
        if (ready) void save();
      }}
      onClose={onClose}
      error={error}
      back={{ label: t('desk.confirm.back') }}
      submit={{
        label: t('desk.retriage.submit'),
        className: 'primary',
        disabled: !ready,
        testId: 'retriage-submit',
      }}
    >
      <h2>{t('desk.retriage.title')}</h2>
      <p className="muted small">{detail.id}</p>
      <div className="desk-grid">
        <label>
          {t('desk.retriage.severity')}
          <select
            value={severity}
            data-testid="retriage-severity"
            onChange={(e) => setSeverity(e.target.value as CapSeverity)}
          >
            {CapSeveritySchema.options.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('desk.retriage.category')}
          <select
            value={category}
            data-testid="retriage-category"
            onChange={(e) => setCategory(e.target.value as IncidentCategory)}
          >
            <CategoryOptions />
          </select>
        </label>
        <label className="desk-wide">
          {t('desk.retriage.titleVi')}
          <input
            value={title}
            maxLength={300}
            data-testid="retriage-title"
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <label className="desk-wide">
          {t('desk.retriage.titleEn')}
          <input
            value={titleEn}
            maxLength={300}
            lang="en"
            data-testid="retriage-title-en"
            onChange={(e) => setTitleEn(e.target.value)}
          />
        </label>
        <label className="desk-wide">
          {t('desk.retriage.note')}
          <textarea
            className="desk-textarea"
            value={note}
            rows={3}
            maxLength={4000}
            data-testid="retriage-note"
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
      </div>
      <p className="muted small">{changed ? t('desk.retriage.slaHint') : t('desk.retriage.nothing')}</p>
    </DialogForm>
  );
}
