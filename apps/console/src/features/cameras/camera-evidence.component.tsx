import type { City } from '@ioc/contracts/city.schema';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EventThumbnail } from './event-thumbnail.component';
import { MediaViewer } from './media-viewer.component';
import './cameras.css';

/** Evidence of camera kind: the event's thumbnail; a click opens its snapshot (Frigate's box) and clip. */
export function CameraEvidence({
  city,
  eventId,
  camera,
  label,
}: {
  city: City;
  eventId: string;
  camera: string;
  label: string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const name = city.cameras.find((c) => c.id === camera)?.name ?? camera;
  return (
    <div className="cam-evidence" data-testid="camera-evidence">
      <EventThumbnail eventId={eventId} label={label} onOpen={() => setOpen(true)} />
      <div className="small muted">
        {name}
        <br />
        {t('camera.openSnapshot')}
      </div>
      {open && (
        <MediaViewer
          event={{ id: eventId, camera, cameraName: name, label }}
          onClose={() => setOpen(false)}
        />
      )}
    </div>
  );
}
