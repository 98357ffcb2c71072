import type { CapSeverity } from '@ioc/contracts/incident.schema';
import type { UnitStatus } from '@ioc/contracts/unit.schema';
import { PM25_BANDS } from '@ioc/domain/pm25-band';
import { WATER_LEVEL_BAND_COLORS, type WaterLevelBand } from '@ioc/domain/water-level-band';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITY_COLORS } from '../features/incidents/incident-queue';
import { NO_DATA_COLOR } from '../features/sensors/sensor-color';
import { UNIT_STATUS_COLORS } from '../features/units/unit.store';
import { CAMERA_COLOR, LAYER_GROUPS, LEVEL_COLORS, type LayerGroup } from './map.layers';

const WATER_BANDS = Object.keys(WATER_LEVEL_BAND_COLORS) as WaterLevelBand[];
const GROUPS = Object.keys(LAYER_GROUPS) as LayerGroup[];

interface Props {
  hidden: ReadonlySet<LayerGroup>;
  onToggle(group: LayerGroup): void;
}

/** Legend with layer toggles; collapsible so it does not cover the map on a desk screen. */
export function MapLegend({ hidden, onToggle }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  return (
    <section className="legend" aria-label={t('legend.title')} data-testid="legend">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('legend.title')} {open ? '▾' : '▸'}
      </button>
      <h3>{t('legend.toggles')}</h3>
      <ul>
        {GROUPS.map((g) => (
          <li key={g}>
            <label>
              <input
                type="checkbox"
                checked={!hidden.has(g)}
                data-testid={`layer-toggle-${g}`}
                onChange={() => onToggle(g)}
              />{' '}
              {t(`legend.group.${g}`)}
            </label>
          </li>
        ))}
      </ul>
      {open && (
        <>
          <h3>{t('legend.incidents')}</h3>
          <ul className="legend-row">
            {(Object.keys(SEVERITY_COLORS) as CapSeverity[]).map((s) => (
              <li key={s}>
                <span className="dot" style={{ background: SEVERITY_COLORS[s] }} />
                {t(`severity.${s}`)}
              </li>
            ))}
          </ul>
          <h3>{t('legend.pm25')}</h3>
          <ul className="legend-row">
            {PM25_BANDS.map((b) => (
              <li key={b.band}>
                <span className="dot" style={{ background: b.color }} />
                {t(`legend.band.${b.band}`)}
              </li>
            ))}
          </ul>
          <h3>{t('legend.waterLevel')}</h3>
          <ul className="legend-row">
            {WATER_BANDS.map((b) => (
              <li key={b}>
                <span className="dot" style={{ background: WATER_LEVEL_BAND_COLORS[b] }} />
                {t(`legend.water.${b}`)}
              </li>
            ))}
          </ul>
          <h3>{t('legend.unitStatus')}</h3>
          <ul className="legend-row">
            {(Object.keys(UNIT_STATUS_COLORS) as UnitStatus[]).map((s) => (
              <li key={s}>
                <span className="dot" style={{ background: UNIT_STATUS_COLORS[s] }} />
                {t(`unitStatus.${s}`)}
              </li>
            ))}
          </ul>
          <h3>{t('legend.clusters')}</h3>
          <ul className="legend-row">
            {LEVEL_COLORS.map((c, i) => (
              <li key={c}>
                <span className="dot" style={{ background: c }} />
                {t(`legend.level.${i}`)}
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
          </ul>
        </>
      )}
    </section>
  );
}
