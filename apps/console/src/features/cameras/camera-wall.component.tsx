import type { CityCamera } from '@ioc/contracts/city.schema';
import { useTranslation } from 'react-i18next';
import { useEscape } from '../../ui/use-escape.hook';
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
  useEscape(onClose);
  return (
    <div
      className="cam-modal"
      role="dialog"
      aria-modal="true"
      aria-label={t('camera.wall')}
      onClick={onClose}
    >
      <div className="cam-modal-body cam-wall" onClick={(e) => e.stopPropagation()} data-testid="camera-wall">
        <header className="cam-modal-head">
          <h3>
            {t('camera.wall')} — {title}
          </h3>
          <button type="button" className="link" onClick={onClose} data-testid="camera-wall-close">
            {t('camera.close')} ✕
          </button>
        </header>
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
      </div>
    </div>
  );
}
