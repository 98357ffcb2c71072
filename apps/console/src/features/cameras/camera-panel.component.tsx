import type { City } from '@ioc/contracts/city.schema';
import type { DeviceStatus } from '@ioc/contracts/device.schema';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadCameraEvents, loadDevice, type CameraEventRow } from '../../api/media.api';
import { useCityTimeZone } from '../../i18n/city-time-zone.context';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber, formatTime } from '../../i18n/locale.format';
import { EventThumbnail } from './event-thumbnail.component';
import { LiveFrame } from './live-frame.component';
import { MediaViewer, type ViewedEvent } from './media-viewer.component';
import './cameras.css';

/** Recent events are re-read this often while the panel is open. */
const EVENTS_REFRESH_MS = 10_000;

/** One camera: where it is, whether it reports, its live frame and its latest detections. */
export function CameraPanel({ city, id, onClose }: { city: City; id: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const camera = useMemo(() => city.cameras.find((c) => c.id === id), [city, id]);
  const ward = city.wards.find((w) => w.id === camera?.ward)?.name ?? camera?.ward ?? '—';
  const [status, setStatus] = useState<DeviceStatus | null>(null);
  const [events, setEvents] = useState<CameraEventRow[] | null>(null);
  const [viewing, setViewing] = useState<ViewedEvent | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    const load = () => {
      loadDevice(id, ac.signal)
        .then((d) => setStatus(d.status))
        .catch(() => !ac.signal.aborted && setStatus('unknown'));
      loadCameraEvents(id, 8, ac.signal)
        .then(setEvents)
        .catch(() => !ac.signal.aborted && setEvents([]));
    };
    load();
    const timer = setInterval(load, EVENTS_REFRESH_MS);
    return () => {
      ac.abort();
      clearInterval(timer);
    };
  }, [id]);

  if (!camera)
    return (
      <section className="detail">
        <button type="button" className="link" onClick={onClose}>
          ← {t('detail.back')}
        </button>
        <p className="muted">{t('camera.unknown', { id })}</p>
      </section>
    );
  return (
    <section className="detail camera-panel" data-testid="camera-panel" data-camera={id}>
      <button type="button" className="link" onClick={onClose} data-testid="camera-panel-close">
        ← {t('detail.back')}
      </button>
      <header className="detail-head">
        <h2 data-testid="camera-name">{camera.name}</h2>
        <p className="muted small">
          {ward} ·{' '}
          <span className={`status cam-status-${status ?? 'unknown'}`} data-testid="camera-status">
            {t(`camera.status.${status ?? 'unknown'}`)}
          </span>{' '}
          ·{' '}
          {t('camera.view', {
            fov: formatNumber(camera.fov, lang, 0),
            range: formatNumber(camera.range, lang, 0),
          })}
        </p>
      </header>
      <LiveFrame camera={camera.id} name={camera.name} />
      <section>
        <h3>{t('camera.recent')}</h3>
        {events === null ? (
          <p className="muted small">{t('app.loading')}</p>
        ) : events.length === 0 ? (
          <p className="muted small">{t('camera.noEvents')}</p>
        ) : (
          <ul className="plain cam-events" data-testid="camera-events">
            {events.map((e) => (
              <li key={`${e.id}-${e.startTime}`}>
                <EventThumbnail
                  eventId={e.id}
                  label={e.label}
                  onOpen={() =>
                    setViewing({ id: e.id, camera: camera.id, cameraName: camera.name, label: e.label })
                  }
                />
                <div className="small">
                  <strong>{t(`camera.label.${e.label}`, { defaultValue: e.label })}</strong>
                  {e.topScore !== null && ` · ${formatNumber(e.topScore * 100, lang, 0)} %`}
                  <div className="muted">{formatTime(e.startTime, lang, tz)}</div>
                  {e.plate && <div>{t('camera.plate', { plate: e.plate })}</div>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {viewing && <MediaViewer event={viewing} onClose={() => setViewing(null)} />}
    </section>
  );
}
