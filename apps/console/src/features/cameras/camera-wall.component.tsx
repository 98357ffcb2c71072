import type { CityCamera } from '@ioc/contracts/city.schema';
import { useTranslation } from 'react-i18next';
import { CamModal } from './cam-modal.component';
import { currentLanguage } from '../../i18n/i18n.setup';
import { formatNumber } from '../../i18n/locale.format';
import { LiveFrame } from './live-frame.component';
import './cameras.css';

/** The camera wall of an incident: the live frame of every camera whose field of view covers it. */
export function CameraWall({
  title,
  cameras,
  onClose,
}: {
  title: string;
  cameras: { camera: CityCamera; distanceM: number }[];
  onClose(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  return (
    <CamModal
      label={t('camera.wall')}
      title={
        <>
          {t('camera.wall')} — {title}
        </>
      }
      bodyClass="cam-wall"
      testId="camera-wall"
      onClose={onClose}
    >
      <div className={`cam-grid cam-grid-${Math.min(cameras.length, 4)}`}>
        {cameras.map(({ camera, distanceM }) => (
          <div key={camera.id} className="cam-tile" data-testid={`wall-tile-${camera.id}`}>
            <LiveFrame camera={camera.id} name={camera.name} />
            <div className="small">
              <strong>{camera.name}</strong> · {formatNumber(distanceM, lang, 0)} m
            </div>
          </div>
        ))}
      </div>
    </CamModal>
  );
}
