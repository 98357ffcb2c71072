import { useTranslation } from 'react-i18next';
import { CamModal } from './cam-modal.component';
import { mediaPath } from '../../api/media.api';
import { useMedia } from './use-media.hook';

export interface ViewedEvent {
  id: string;
  camera: string;
  cameraName: string;
  label: string;
}

/** The event's snapshot with Frigate's box and, when Frigate has one, its clip; a modal over the console. */
export function MediaViewer({ event, onClose }: { event: ViewedEvent; onClose(): void }) {
  const { t } = useTranslation();
  const snapshot = useMedia(mediaPath.snapshot(event.id));
  const clip = useMedia(mediaPath.clip(event.id));
  return (
    <CamModal
      label={t('camera.snapshot')}
      title={
        <>
          {event.cameraName} · {event.label}
        </>
      }
      testId="media-viewer"
      onClose={onClose}
    >
      <div className="cam-media-row">
        <figure className="cam-frame">
          {snapshot.url ? (
            <img src={snapshot.url} alt={t('camera.snapshot')} data-testid="snapshot-image" />
          ) : (
            <div className="cam-placeholder">{snapshot.error ? t('camera.noImage') : t('app.loading')}</div>
          )}
          <figcaption className="small muted">{t('camera.snapshot')}</figcaption>
        </figure>
        <figure className="cam-frame">
          {clip.url ? (
            <video src={clip.url} controls muted autoPlay loop playsInline data-testid="clip-video" />
          ) : (
            <div className="cam-placeholder" data-testid={clip.error ? 'no-clip' : undefined}>
              {clip.error
                ? clip.error.status === 404
                  ? t('camera.noClip')
                  : t('camera.unreachable')
                : t('app.loading')}
            </div>
          )}
          <figcaption className="small muted">{t('camera.clip')}</figcaption>
        </figure>
      </div>
    </CamModal>
  );
}
