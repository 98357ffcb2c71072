import { roleAtLeast, type Role } from '@ioc/contracts/auth.schema';
import type { City } from '@ioc/contracts/city.schema';
import type { IncidentDetail, IncidentEvidence } from '@ioc/contracts/incident-detail.dto';
import type { Unit } from '@ioc/contracts/unit.schema';
import { camerasSeeing } from '@ioc/domain/geo';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../../api/http.client';
import {
  loadIncident,
  loadSeries,
  runIncidentCommand,
  type IncidentAction,
  type SeriesPoint,
} from '../../api/incidents.api';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber, formatTime } from '../../i18n/locale.format';
import { SEVERITY_COLORS } from './incident-queue';
import type { IncidentStore } from './incident.store';
import { CitizenEvidence } from '../citizen/citizen-evidence.component';
import { BackupAlert } from '../field/backup-alert.component';
import { useIncidents, useNow } from './use-incidents.hook';
import { StatusSince } from './status-since.component';
import { UnitActions } from './unit-actions.component';
import { SeriesChart } from './series-chart.lazy';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';
import { describePoint } from '../../i18n/location.format';
import { CameraEvidence } from '../cameras/camera-evidence.component';
import { CameraWall } from '../cameras/camera-wall.component';
import { AssigneePicker } from './incident-assignee.component';
import { ConfirmCommandDialog, NOTE_FIELD, type ConfirmedCommand } from './incident-confirm-dialog.component';
import { MergeDialog, MergedNotice, RelatedBanner } from './incident-links.component';
import { RetriageControl } from './incident-retriage.component';
import { ReportContact } from './report-contact.component';

interface Props {
  city: City;
  store: IncidentStore;
  id: string;
  onClose(): void;
  onDispatch(id: string): void;
  /** Live unit status for the unit rows (en route / on scene buttons). */
  units: { subscribe(l: () => void): () => void; getSnapshot(): ReadonlyMap<string, Unit> };
  /** Close and cancel need a supervisor (the server checks too). */
  role: Role;
  /** Opens another incident's detail (related / merged incidents). */
  onOpenIncident?(id: string): void;
}

const SUPERVISOR_COMMANDS = new Set(['close', 'cancel', 'reopen', 'merge']);

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Detail of one incident; reloads whenever the feed (or a command) changes it. */
export function IncidentDetailView({
  city,
  store,
  units,
  id,
  onClose,
  onDispatch,
  role,
  onOpenIncident,
}: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const live = useIncidents(store).get(id);
  const liveUnits = useSyncExternalStore(units.subscribe, units.getSnapshot);
  const now = useNow(15_000);
  const [detail, setDetail] = useState<IncidentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [publicNote, setPublicNote] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [wallOpen, setWallOpen] = useState(false);
  // The open dialog: a confirmed command, reopening the related incident, or merging (with a target).
  const [confirm, setConfirm] = useState<ConfirmedCommand | 'reopen-related' | null>(null);
  const [merging, setMerging] = useState<{ into: string | null } | null>(null);

  const version = live?.updatedAt;
  useEffect(() => {
    const ac = new AbortController();
    loadIncident(id, ac.signal)
      .then((d) => {
        setDetail(d);
        setError(null);
      })
      .catch((e: unknown) => !ac.signal.aborted && setError(String(e)));
    return () => ac.abort();
  }, [id, version]);

  // 429: the per-user limit on comments (Retry-After is also in the body as retryAfter)
  const refusal = (e: CommandError) => {
    const seconds = (e.body as { retryAfter?: unknown } | null)?.retryAfter;
    return e.status === 429 && typeof seconds === 'number'
      ? t('detail.tooMany', { seconds })
      : t('detail.refused', { status: e.status });
  };

  const run = async (action: IncidentAction, body: Record<string, unknown> = {}, on = id) => {
    setBusy(true);
    try {
      const d = await runIncidentCommand(on, action, body);
      if (on !== id) {
        store.upsert(d);
        return true;
      }
      setDetail(d);
      store.upsert(d);
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof CommandError ? refusal(e) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const linked = useMemo(
    () =>
      detail && detail.lat !== null && detail.lon !== null
        ? camerasSeeing({ lat: detail.lat, lon: detail.lon }, city.cameras)
        : [],
    [detail, city],
  );

  if (!detail)
    return (
      <section className="detail" data-testid="incident-detail" aria-busy="true">
        <button type="button" className="link" onClick={onClose}>
          ← {t('detail.back')}
        </button>
        <p className="muted">{error ?? t('app.loading')}</p>
      </section>
    );

  const can = (c: string) =>
    detail.allowedCommands.includes(c as never) &&
    !busy &&
    (!SUPERVISOR_COMMANDS.has(c) || roleAtLeast(role, 'supervisor'));
  const title = lang === 'en' && detail.titleEn ? detail.titleEn : detail.title;
  // reports from the public form can get a public reply when the incident is resolved
  const fromCitizens = detail.evidence.some((e) => e.kind === 'citizen_report' && !!e.data['reportId']);
  return (
    <section className="detail" data-testid="incident-detail" data-id={detail.id} data-status={detail.status}>
      <button type="button" className="link" onClick={onClose} data-testid="detail-back">
        ← {t('detail.back')}
      </button>
      <header className="detail-head">
        <span className="sev" style={{ background: SEVERITY_COLORS[detail.severity] }}>
          {t(`severity.${detail.severity}`)}
        </span>
        <h2 data-testid="detail-title">{title}</h2>
        <div className="desk-head-tools">
          <RetriageControl
            detail={detail}
            enabled={can('retriage')}
            onSaved={(d) => {
              setDetail(d);
              store.upsert(d);
            }}
          />
          <AssigneePicker
            detail={detail}
            enabled={can('assign')}
            onAssign={(username) => void run('assign', { username })}
          />
        </div>
        <p className="muted small">
          {t(`category.${detail.category}`)} · {detail.wardName ?? t('incidents.noWard')} ·{' '}
          {t('detail.opened', { time: formatTime(detail.openedAt, lang, tz) })} ·{' '}
          <span className={`status status-${detail.status}`} data-testid="detail-status">
            {t(`status.${detail.status}`)}
          </span>
          {detail.sla.overdue && <span className="sla sla-overdue"> {t('incidents.overdue')}</span>}
        </p>
        {/* where, by the nearest landmark (i18n/location.format.ts) */}
        {describePoint(detail, city.landmarks, t, lang) && (
          <p className="small incident-landmark" data-testid="detail-landmark">
            {describePoint(detail, city.landmarks, t, lang)}
          </p>
        )}
        <RelatedBanner
          detail={detail}
          supervisor={roleAtLeast(role, 'supervisor')}
          onOpenIncident={onOpenIncident}
          onReopenRelated={() => setConfirm('reopen-related')}
          onMergeRelated={() => setMerging({ into: detail.related?.id ?? null })}
        />
        <MergedNotice detail={detail} onOpenIncident={onOpenIncident} />
      </header>

      <BackupAlert detail={detail} />
      <div className="actions">
        {fromCitizens && (
          <input
            className="search"
            value={publicNote}
            placeholder={t('citizenOps.publicNote')}
            aria-label={t('citizenOps.publicNote')}
            data-testid="action-public-note"
            onChange={(e) => setPublicNote(e.target.value)}
          />
        )}
        <input
          className="search"
          value={note}
          placeholder={t('detail.note')}
          aria-label={t('detail.note')}
          data-testid="action-note"
          onChange={(e) => setNote(e.target.value)}
        />
        <div className="action-buttons">
          <button
            type="button"
            disabled={!can('ack')}
            data-testid="action-ack"
            onClick={() => void run('ack', note ? { note } : {}).then((ok) => ok && setNote(''))}
          >
            {t('detail.action.ack')} <kbd>A</kbd>
          </button>
          <button
            type="button"
            disabled={!can('dispatch')}
            data-testid="action-dispatch"
            onClick={() => onDispatch(id)}
          >
            {t('detail.action.dispatch')} <kbd>D</kbd>
          </button>
          <button
            type="button"
            disabled={!can('resolve')}
            data-testid="action-resolve"
            title={t('detail.noteRequired')}
            onClick={() => setConfirm('resolve')}
          >
            {t('detail.action.resolve')}
          </button>
          <button
            type="button"
            disabled={!can('close')}
            data-testid="action-close"
            onClick={() => setConfirm('close')}
          >
            {t('detail.action.close')}
          </button>
          {roleAtLeast(role, 'supervisor') && detail.allowedCommands.includes('reopen') && (
            <button
              type="button"
              disabled={!can('reopen')}
              data-testid="action-reopen"
              onClick={() => setConfirm('reopen')}
            >
              {t('desk.reopen')}
            </button>
          )}
          {roleAtLeast(role, 'supervisor') && detail.allowedCommands.includes('merge') && (
            <button
              type="button"
              disabled={!can('merge')}
              data-testid="action-merge"
              onClick={() => setMerging({ into: null })}
            >
              {t('desk.merge')}
            </button>
          )}
          <button
            type="button"
            className="danger"
            disabled={!can('cancel')}
            data-testid="action-cancel"
            title={t('detail.reasonRequired')}
            onClick={() => setConfirm('cancel')}
          >
            {t('detail.action.cancel')}
          </button>
        </div>
        {error && !confirm && !merging && (
          <p className="error small" role="alert">
            {error}
          </p>
        )}
      </div>
      {confirm && confirm !== 'reopen-related' && (
        <ConfirmCommandDialog
          detail={detail}
          command={confirm}
          busy={busy}
          error={error}
          onConfirm={(text) =>
            run(confirm, {
              [NOTE_FIELD[confirm]]: text,
              // the citizens' status page shows this one (typed next to the buttons), never the note
              ...(confirm === 'resolve' && publicNote.trim() ? { publicNote: publicNote.trim() } : {}),
            }).then((ok) => {
              if (ok && confirm === 'resolve') setPublicNote('');
              return ok;
            })
          }
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'reopen-related' && detail.related && (
        <ConfirmCommandDialog
          detail={detail}
          command="reopen"
          subject={{ id: detail.related.id, title: detail.related.title }}
          explain={
            detail.allowedCommands.includes('merge')
              ? t('desk.related.reopenNote', { id: detail.related.id })
              : undefined
          }
          busy={busy}
          error={error}
          onConfirm={async (text) => {
            const old = detail.related!.id;
            // The recurrence holds the condition's key while open: merge it into the old one first.
            if (detail.allowedCommands.includes('merge') && !(await run('merge', { into: old, note: text })))
              return false;
            const ok = await run('reopen', { reason: text }, old);
            if (ok) onOpenIncident?.(old);
            return ok;
          }}
          onClose={() => setConfirm(null)}
        />
      )}
      {merging && (
        <MergeDialog
          detail={detail}
          store={store}
          initialInto={merging.into}
          busy={busy}
          error={error}
          onMerge={(into, text) => run('merge', { into, note: text })}
          onClose={() => setMerging(null)}
        />
      )}

      {detail.units.length > 0 && (
        <section>
          <h3>{t('detail.units')}</h3>
          <ul className="plain detail-units" data-testid="detail-units">
            {detail.units.map((u) => {
              // the live unit (status events) wins over the detail fetched earlier
              const lu = liveUnits.get(u.id) ?? u;
              return (
                <li key={u.id} data-testid={`detail-unit-${u.id}`} data-status={lu.status}>
                  <span>
                    {u.name} · <strong>{t(`unitStatus.${lu.status}`)}</strong> ·{' '}
                    <StatusSince since={lu.statusSince} now={now} />
                  </span>
                  {lu.incidentId === id && <UnitActions unit={lu} workOnly />}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <section>
        <h3>{t('detail.evidence', { count: detail.evidence.length })}</h3>
        <ul className="plain evidence">
          {detail.evidence.map((e) => (
            <EvidenceItem key={e.id} e={e} city={city} />
          ))}
        </ul>
      </section>

      <section>
        <h3>{t('detail.cameras')}</h3>
        {linked.length === 0 ? (
          <p className="muted small">{t('detail.noCameras')}</p>
        ) : (
          <>
            <ul className="plain" data-testid="linked-cameras">
              {linked.map(({ camera, distanceM }) => (
                <li key={camera.id}>
                  {camera.name} · {formatNumber(distanceM, lang, 0)} m
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => setWallOpen(true)} data-testid="open-camera-wall">
              {t('camera.openWall', { count: linked.length })}
            </button>
            {wallOpen && <CameraWall title={title} cameras={linked} onClose={() => setWallOpen(false)} />}
          </>
        )}
      </section>

      <section>
        <h3>
          {t('detail.sop')} ({detail.sop.done}/{detail.sop.total})
        </h3>
        <ul className="plain sop" data-testid="sop">
          {detail.sop.items.map((s) => (
            <li key={s.id}>
              <label>
                <input
                  type="checkbox"
                  checked={s.ticked}
                  disabled={!can('tick_sop')}
                  onChange={(e) => void run(`sop/${s.id}`, { ticked: e.target.checked })}
                />{' '}
                {lang === 'en' ? s.en : s.vi}
                {s.by && (
                  <span className="muted small">
                    {' '}
                    — {s.by} {s.at ? formatTime(s.at, lang, tz) : ''}
                  </span>
                )}
              </label>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h3>{t('detail.timeline')}</h3>
        <ol className="timeline" data-testid="timeline">
          {detail.timeline.map((ev) => (
            <li key={ev.id} data-action={ev.action}>
              <span className="muted small">{formatTime(ev.time, lang, tz)}</span>{' '}
              <strong>{t(`action.${ev.action}`)}</strong> <span data-testid="timeline-actor">{ev.actor}</span>
              {ev.from !== ev.to && ev.to && (
                <span className="muted small">
                  {' '}
                  ({ev.from ? t(`status.${ev.from}`) : '∅'} → {t(`status.${ev.to}`)})
                </span>
              )}
              {ev.note && <div className="note">{ev.note}</div>}
            </li>
          ))}
        </ol>
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim())
              void run('comments', { text: comment.trim() }).then((ok) => ok && setComment(''));
          }}
        >
          <textarea
            value={comment}
            maxLength={4000}
            placeholder={t('detail.comment')}
            aria-label={t('detail.comment')}
            data-testid="comment-text"
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" disabled={!can('comment') || !comment.trim()} data-testid="comment-submit">
            {t('detail.addComment')}
          </button>
        </form>
      </section>
    </section>
  );
}

/** One piece of evidence; all free text is rendered as React text (escaped), never as HTML. */
function EvidenceItem({ e, city }: { e: IncidentEvidence; city: City }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const d = e.data;
  return (
    <li data-kind={e.kind}>
      <span className="muted small">
        {formatTime(e.time, lang, tz)} · {t(`evidence.${e.kind}`, { defaultValue: e.kind })}
      </span>
      {e.kind === 'reading' && <ReadingEvidence e={e} />}
      {e.kind === 'camera_event' && (
        <div>
          {str(d['label'])} · {t('evidence.score')}{' '}
          {num(d['score']) !== null ? formatNumber(num(d['score'])!, lang, 2) : '—'} · {t('evidence.zones')}{' '}
          {Array.isArray(d['zones']) ? d['zones'].join(', ') : '—'}
          {str(d['camera']) && (
            // through /api/media: Frigate's own URL (snapshotUrl) is for the server, never the browser
            <CameraEvidence
              city={city}
              eventId={e.ref}
              camera={str(d['camera'])!}
              label={str(d['label']) ?? ''}
            />
          )}
        </div>
      )}
      {e.kind === 'citizen_report' && (
        <blockquote className="report-text" data-testid="report-text">
          {str(d['text']) ?? e.description}
        </blockquote>
      )}
      {e.kind === 'citizen_report' && <ReportContact e={e} />}
      {e.kind === 'citizen_report' && str(d['reportId']) && (
        <CitizenEvidence reportId={str(d['reportId'])!} />
      )}
      {e.kind !== 'reading' && e.kind !== 'camera_event' && e.kind !== 'citizen_report' && (
        <div className="small">{e.description}</div>
      )}
      {Array.isArray(d['devices']) && (
        // a mass outage lists its devices (up to 500 per evidence item)
        <details className="small" data-testid="evidence-devices">
          <summary>{t('evidence.devices', { count: d['devices'].length })}</summary>
          {d['devices'].filter((x): x is string => typeof x === 'string').join(', ')}
        </details>
      )}
    </li>
  );
}

/** The sensor's series ±30 min around the breach, with the rule's threshold. */
function ReadingEvidence({ e }: { e: IncidentEvidence }) {
  const [points, setPoints] = useState<SeriesPoint[] | null>(null);
  const deviceId = str(e.data['deviceId']);
  const metric = str(e.data['metric']);
  useEffect(() => {
    if (!deviceId || !metric) return;
    const ac = new AbortController();
    const at = Date.parse(e.time);
    const from = new Date(at - 30 * 60_000).toISOString();
    const to = new Date(Math.min(Date.now(), at + 30 * 60_000)).toISOString();
    loadSeries(deviceId, metric, from, to, '1m', ac.signal)
      .then(setPoints)
      .catch(() => !ac.signal.aborted && setPoints([]));
    return () => ac.abort();
  }, [deviceId, metric, e.time]);
  return (
    <div>
      <div className="small">{e.description}</div>
      {points && (
        <SeriesChart
          points={points}
          threshold={num(e.data['threshold'])}
          markTime={e.time}
          unit={str(e.data['unit'])}
          metric={metric}
        />
      )}
    </div>
  );
}
