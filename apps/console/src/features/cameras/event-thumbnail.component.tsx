import { useTranslation } from 'react-i18next';
import { mediaPath } from '../../api/media.api';
import { useMedia } from './use-media.hook';

/** A Frigate event's thumbnail; clicking opens the snapshot (and clip) viewer. */
export function EventThumbnail({
  eventId,
  label,
  onOpen,
}: {
  eventId: string;
  label: string;
  onOpen(): void;
}) {
  const { t } = useTranslation();
  const m = useMedia(mediaPath.thumbnail(eventId));
  return (
    <button
      type="button"
      className="cam-thumb"
      onClick={onOpen}
      title={t('camera.openSnapshot')}
      data-testid={`event-thumb-${eventId}`}
    >
      {m.url ? (
        <img src={m.url} alt={t('camera.thumbAlt', { label })} />
      ) : (
        <span className="cam-placeholder small">{m.error ? t('camera.noImage') : '…'}</span>
      )}
    </button>
  );
}
