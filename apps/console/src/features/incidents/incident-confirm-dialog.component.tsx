import type { IncidentDetail } from '@ioc/contracts/incident-detail.dto';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DialogForm } from './dialog-form.component';
import { currentLanguage } from '../../i18n/i18n.setup';
import './incident-desk.css';

/** The commands that end or reopen an incident: each asks for confirmation and a note. */
export type ConfirmedCommand = 'resolve' | 'close' | 'cancel' | 'reopen';

interface Props {
  detail: IncidentDetail;
  command: ConfirmedCommand;
  busy: boolean;
  error: string | null;
  /** Runs the command with the (trimmed, non-blank) note; resolves true when it went through. */
  onConfirm(note: string): Promise<boolean>;
  onClose(): void;
  /** The incident the command acts on when it is not `detail` (reopening a related incident). */
  subject?: { id: string; title: string };
  /** A sentence saying what else happens (shown above the note). */
  explain?: string;
}

/** The body field each command names its text with (the server's 400 names the same). */
export const NOTE_FIELD: Record<ConfirmedCommand, 'note' | 'reason'> = {
  resolve: 'note',
  close: 'note',
  cancel: 'reason',
  reopen: 'reason',
};

/**
 * Confirmation of resolve / close / cancel / reopen: the note is required (submit stays disabled until it is
 * non-blank; the server refuses a blank one too) and, when the SOP checklist is incomplete, the dialog
 * lists the items still open before the operator ends the incident.
 */
export function ConfirmCommandDialog({
  detail,
  command,
  busy,
  error,
  onConfirm,
  onClose,
  subject,
  explain,
}: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [note, setNote] = useState('');
  const noteId = useId();
  const open = detail.sop.items.filter((i) => !i.ticked);
  const warnSop = command !== 'reopen' && open.length > 0;
  const label =
    NOTE_FIELD[command] === 'reason'
      ? t('desk.confirm.reason')
      : command === 'close'
        ? t('desk.confirm.closeNote')
        : t('desk.confirm.note');

  const text = note.trim();
  return (
    <DialogForm
      className="desk-dialog"
      label={t(`desk.confirm.${command}`)}
      testId="confirm-dialog"
      data={{ 'data-command': command }}
      onSubmit={() => {
        if (text && !busy) void onConfirm(text).then((ok) => ok && onClose());
      }}
      onClose={onClose}
      error={error}
      back={{ label: t('desk.confirm.back'), testId: 'confirm-back' }}
      submit={{
        label: t(`desk.confirm.submit.${command}`),
        className: command === 'cancel' ? 'danger' : 'primary',
        disabled: !text || busy,
        testId: 'confirm-submit',
      }}
    >
      <h2>{t(`desk.confirm.${command}`)}</h2>
      <p className="muted small" data-testid="confirm-subject">
        {subject
          ? `${subject.id} · ${subject.title}`
          : `${detail.id} · ${lang === 'en' && detail.titleEn ? detail.titleEn : detail.title}`}
      </p>
      {explain && <p className="small">{explain}</p>}
      {command === 'reopen' && (
        <p className="small">{t('desk.confirm.reopenTo', { status: t('status.acknowledged') })}</p>
      )}
      {command !== 'reopen' &&
        (warnSop ? (
          <div className="desk-warning" role="alert" data-testid="confirm-sop-warning">
            <strong>⚠ {t('desk.confirm.sopIncomplete', { count: open.length })}</strong>
            <ul data-testid="confirm-sop-open">
              {open.map((i) => (
                <li key={i.id} data-item={i.id}>
                  {lang === 'en' ? i.en : i.vi}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="small desk-ok">✓ {t('desk.confirm.sopComplete')}</p>
        ))}
      <label htmlFor={noteId} className="desk-label">
        {label}
      </label>
      <textarea
        id={noteId}
        className="desk-textarea"
        value={note}
        required
        maxLength={4000}
        rows={4}
        autoFocus
        data-testid="confirm-note"
        onChange={(e) => setNote(e.target.value)}
      />
      {!text && <p className="muted small">{t('desk.confirm.required')}</p>}
    </DialogForm>
  );
}
