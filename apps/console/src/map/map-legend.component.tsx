import { PM25_BANDS } from '@ioc/domain/pm25-band';
import { WATER_LEVEL_BAND_COLORS, type WaterLevelBand } from '@ioc/domain/water-level-band';
import { useTranslation } from 'react-i18next';
import { NO_DATA_COLOR } from '../features/sensors/sensor-color';
import { CAMERA_COLOR, UNIT_COLOR } from './map.layers';

const WATER_BANDS = Object.keys(WATER_LEVEL_BAND_COLORS) as WaterLevelBand[];

export function MapLegend() {
  const { t } = useTranslation();
  return (
    <section className="legend" aria-label={t('legend.title')}>
      <h3>{t('legend.pm25')}</h3>
      <ul>
        {PM25_BANDS.map((b) => (
          <li key={b.band}>
            <span className="dot" style={{ background: b.color }} />
            {t(`legend.band.${b.band}`)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.waterLevel')}</h3>
      <ul>
        {WATER_BANDS.map((b) => (
          <li key={b}>
            <span className="dot" style={{ background: WATER_LEVEL_BAND_COLORS[b] }} />
            {t(`legend.water.${b}`)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.layers')}</h3>
      <ul>
        <li>
          <span className="dot" style={{ background: NO_DATA_COLOR }} />
          {t('legend.noData')}
        </li>
        <li>
          <span className="dot" style={{ background: CAMERA_COLOR }} />
          {t('legend.camera')}
        </li>
        <li>
          <span className="dot" style={{ background: UNIT_COLOR }} />
          {t('legend.unit')}
        </li>
      </ul>
    </section>
  );
}
