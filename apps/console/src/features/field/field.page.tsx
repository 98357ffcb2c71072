import type { FieldAssignment, FieldStatus } from '@ioc/contracts/field.dto';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auth, type Session } from '../../api/auth.session';
import { loadAssignment, sendFieldStatus } from '../../api/field.api';
import { CommandError } from '../../api/http.client';
import { currentLanguage } from '../../i18n/i18n.setup';
import { LanguageSwitch } from '../../i18n/language-switch.component';
import { formatTime } from '../../i18n/locale.format';
import { MiniMap, type MiniMapMarker } from '../citizen/mini-map.component';
import { useFieldPosition } from './use-field-position.hook';
import './field.css';

/** The assignment is polled this often (a slow network gets small JSON, no socket). */
const POLL_MS = 10_000;

const SEVERITY_COLORS: Record<string, string> = {
  Extreme: '#b91c1c',
  Severe: '#ea580c',
  Moderate: '#ca8a04',
  Minor: '#2563eb',
  Unknown: '#64748b',
};

/**
 * A responder's phone: its unit's current assignment and the buttons that report progress, nothing else
 * of the centre. Vietnamese first, large targets, a small offline map, works over a slow network (polls
 * a small JSON, keeps the last answer on errors). Installable (web manifest + service worker).
 */
export function FieldPage({ session }: { session: Session }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const [a, setA] = useState<FieldAssignment | null>(null);
  const [offline, setOffline] = useState(false);
  const [busy, setBusy] = useState<FieldStatus | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [confirmDone, setConfirmDone] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    // the shell is cached by the service worker: the page opens even when the network does not
    if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    const load = () =>
      loadAssignment(ac.signal)
        .then((x) => {
          setA(x);
          setOffline(false);
          setUpdatedAt(Date.now());
        })
        .catch(() => !ac.signal.aborted && setOffline(true));
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      clearInterval(timer);
      ac.abort();
    };
  }, []);

  const onDuty = !!a && a.unit.status !== 'off_duty';
  const gps = useFieldPosition(onDuty, a?.tracking ?? null);

  const send = (s: FieldStatus) => {
    setBusy(s);
    setMessage(null);
    sendFieldStatus(s)
      .then((x) => {
        setA(x);
        setUpdatedAt(Date.now());
        setMessage({
          kind: 'ok',
          text:
            s === 'need_backup' ? t('field.backupSent') : t('field.sent', { what: t(`field.action.${s}`) }),
        });
      })
      .catch((e: unknown) =>
        setMessage({
          kind: 'error',
          text: t('field.failed', { status: e instanceof CommandError ? e.status : '—' }),
        }),
      )
      .finally(() => {
        setBusy(null);
        setConfirmDone(false);
      });
  };

  const incident = a?.incident ?? null;
  const markers = useMemo<MiniMapMarker[]>(() => {
    const m: MiniMapMarker[] = [];
    if (incident?.lat != null && incident.lon != null)
      m.push({
        id: 'incident',
        lat: incident.lat,
        lon: incident.lon,
        color: '#ef4444',
        label: t('field.incidentMarker'),
      });
    if (gps.me)
      m.push({ id: 'me', lat: gps.me.lat, lon: gps.me.lon, color: '#38bdf8', label: t('field.meMarker') });
    return m;
  }, [incident?.lat, incident?.lon, gps.me, t]);

  const status = a?.unit.status;
  const working = !!incident;
  const can: Record<FieldStatus, boolean> = {
    en_route: working && status === 'dispatched',
    on_scene: working && (status === 'dispatched' || status === 'en_route'),
    need_backup: working && !incident?.backupRequested,
    done: working && status === 'on_scene',
    available: !working && status === 'off_duty',
    off_duty: !working && status === 'available',
  };
  const title = incident ? (lang === 'en' && incident.titleEn ? incident.titleEn : incident.title) : '';
  const btn = (s: FieldStatus, cls = '') => (
    <button
      type="button"
      className={`field-btn ${cls}`}
      disabled={!can[s] || busy !== null}
      aria-busy={busy === s}
      data-testid={`field-${s}`}
      onClick={() => (s === 'done' && !confirmDone ? setConfirmDone(true) : send(s))}
    >
      {s === 'done' && confirmDone ? t('field.confirmDone') : t(`field.action.${s}`)}
    </button>
  );

  return (
    <main className="field" data-testid="field-page" data-unit-status={status ?? ''}>
      <header className="field-head">
        <div>
          <div className="field-unit" data-testid="field-unit">
            {a?.unit.name ?? session.user.unitId ?? '…'}
          </div>
          {status && (
            <span className={`field-chip status-${status}`} data-testid="field-unit-status">
              {t(`unitStatus.${status}`)}
            </span>
          )}
        </div>
        <div className="field-head-tools">
          <LanguageSwitch />
          <button type="button" className="link" onClick={() => void auth.logout()} data-testid="logout">
            {t('field.logout')}
          </button>
        </div>
      </header>

      {offline && (
        <p className="field-banner" role="status">
          {t('field.offline')}
        </p>
      )}

      {!a ? (
        <p className="muted">…</p>
      ) : incident ? (
        <section className="field-card" data-testid="field-assignment" data-incident={incident.id}>
          <p className="field-kicker">{t('field.assignment')}</p>
          <h1 data-testid="field-incident-title">{title}</h1>
          <p className="field-meta">
            <span className="field-sev" style={{ background: SEVERITY_COLORS[incident.severity] }}>
              {t(`severity.${incident.severity}`)}
            </span>{' '}
            {t(`category.${incident.category}`)}
            {incident.wardName ? ` · ${incident.wardName}` : ''} ·{' '}
            {t('field.opened', { time: formatTime(incident.openedAt, lang) })}
          </p>
          {incident.backupRequested && (
            <p className="field-banner warn" data-testid="field-backup-open">
              {t('field.backupSent')}
            </p>
          )}
          {incident.description && <p className="field-desc">{incident.description}</p>}
          {(incident.lat != null || gps.me) && (
            <MiniMap
              center={[incident.lat ?? gps.me!.lat, incident.lon ?? gps.me!.lon]}
              zoom={14}
              markers={markers}
              fit
              label={t('field.map')}
              testId="field-map"
            />
          )}
          <div className="field-actions">
            {btn('en_route')}
            {btn('on_scene')}
            {btn('need_backup', 'warn')}
            {btn('done', 'done')}
          </div>
          <h2>{t('field.notes')}</h2>
          {incident.notes.length === 0 ? (
            <p className="muted">{t('field.noNotes')}</p>
          ) : (
            <ul className="field-notes" data-testid="field-notes">
              {incident.notes.map((n, i) => (
                <li key={i}>
                  <span className="muted small">
                    {formatTime(n.time, lang)} · {n.actor}
                  </span>
                  <div>{n.text}</div>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('field.sop')}</h2>
          {incident.sop.length === 0 ? (
            <p className="muted">{t('field.noSop')}</p>
          ) : (
            <ul className="field-sop">
              {incident.sop.map((s) => (
                <li key={s.id} data-ticked={s.ticked}>
                  <span aria-hidden="true">{s.ticked ? '☑' : '☐'}</span> {lang === 'en' ? s.en : s.vi}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        <section className="field-card" data-testid="field-idle">
          <h1>{t('field.noAssignment')}</h1>
          <p className="muted">{t('field.noAssignmentHint')}</p>
          <div className="field-actions">
            {btn('available')}
            {btn('off_duty')}
          </div>
        </section>
      )}

      {message && (
        <p
          className={`field-message ${message.kind}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
          data-testid="field-message"
        >
          {message.text}
        </p>
      )}

      <footer className="field-foot small muted">
        <span data-testid="field-gps" data-state={gps.state}>
          {gps.state === 'sent' && gps.sent
            ? t('field.gps.sent', {
                time: formatTime(new Date(gps.sent.at).toISOString(), lang),
                acc: gps.sent.accuracy === null ? '—' : Math.round(gps.sent.accuracy),
              })
            : t(`field.gps.${gps.state}`)}
        </span>
        {updatedAt && (
          <span>{t('field.updated', { time: formatTime(new Date(updatedAt).toISOString(), lang) })}</span>
        )}
      </footer>
    </main>
  );
}
