import { useTranslation } from 'react-i18next';
import { mediaPath } from '../../api/media.api';
import { useMedia } from './use-media.hook';

/** Frigate's latest frame of a camera, refreshed about once a second while shown. */
export function LiveFrame({ camera, name }: { camera: string; name: string }) {
  const { t } = useTranslation();
  const m = useMedia(mediaPath.latest(camera), 1000);
  return (
    <figure className="cam-frame" data-testid={`live-frame-${camera}`} data-loads={m.loads}>
      {m.url ? (
        <img src={m.url} alt={t('camera.liveAlt', { name })} />
      ) : (
        <div className="cam-placeholder">{m.error ? '' : t('app.loading')}</div>
      )}
      {m.error && (
        <figcaption className="cam-error" role="status" data-testid="camera-error">
          {m.error.status === 403 ? t('camera.denied') : t('camera.unreachable')}
          <span className="small"> ({m.error.status || '—'})</span>
        </figcaption>
      )}
    </figure>
  );
}
