import type { City } from '@ioc/contracts/city.schema';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { legendSections, type LegendEntry, type LegendSwatch } from './map.legend';
import { LAYER_GROUPS, type LayerGroup } from './map.layers';
import { UNIT_OUTLINE, UNIT_PICTOGRAMS } from './unit.symbols';

const GROUPS = Object.keys(LAYER_GROUPS) as LayerGroup[];

interface Props {
  city: City;
  hidden: ReadonlySet<LayerGroup>;
  onToggle(group: LayerGroup): void;
  /** Remembered by the shell (usePersistedFlag) across reloads. */
  collapsed: boolean;
  onToggleCollapsed(): void;
}

function Swatch({ s }: { s: LegendSwatch }) {
  switch (s.kind) {
    case 'unit':
      return (
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" className="legend-swatch">
          <rect
            x="1"
            y="1"
            width="22"
            height="22"
            rx="5"
            fill={s.color}
            stroke={UNIT_OUTLINE}
            strokeWidth="1.5"
          />
          <path
            d={UNIT_PICTOGRAMS[s.unitType]}
            fill={s.ink}
            fillRule="evenodd"
            transform="translate(3.5 3.5) scale(0.7)"
          />
        </svg>
      );
    case 'camera':
      return (
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" className="legend-swatch">
          <path d="M6 18 L21 6 A17 17 0 0 1 23 18 Z" fill={s.color} fillOpacity="0.25" />
          <circle cx="6" cy="18" r="4" fill={s.color} stroke="#0f172a" strokeWidth="1.5" />
        </svg>
      );
    case 'line':
      return (
        <svg viewBox="0 0 24 12" width="22" height="11" aria-hidden="true" className="legend-swatch">
          <line x1="1" y1="6" x2="23" y2="6" stroke={s.color} strokeWidth="2.5" strokeDasharray="5 3" />
        </svg>
      );
    case 'ward':
      return (
        <svg viewBox="0 0 24 12" width="22" height="11" aria-hidden="true" className="legend-swatch">
          <line x1="1" y1="6" x2="23" y2="6" stroke="#4b6a8c" strokeWidth="1.5" strokeDasharray="4 3" />
        </svg>
      );
    case 'cluster':
      return <span className="dot dot-cluster" style={{ background: s.color }} />;
    default:
      return <span className="dot" style={{ background: s.color }} />;
  }
}

/**
 * Legend with layer toggles, generated from the definitions the layers draw with (map.legend.ts) for
 * what this city has. `data-layer` / `data-prop` / `data-value` on each entry name the map layer and
 * feature value it stands for (the browser test compares them with the rendered features).
 */
export function MapLegend({ city, hidden, onToggle, collapsed, onToggleCollapsed }: Props) {
  const { t } = useTranslation();
  const sections = useMemo(() => legendSections(city), [city]);
  const label = (e: LegendEntry) =>
    e.labelOptions?.['kinds'] !== undefined
      ? t(e.label, {
          kinds: e.labelOptions['kinds']
            .split(',')
            .map((k) => t(`sensors.kind.${k}`))
            .join(', '),
        })
      : t(e.label);
  return (
    <section
      className={collapsed ? 'legend legend-collapsed' : 'legend'}
      aria-label={t('legend.title')}
      data-testid="legend"
      data-open={collapsed ? 'false' : 'true'}
    >
      <button
        type="button"
        className="link legend-head"
        aria-expanded={!collapsed}
        data-testid="legend-toggle"
        title={t(collapsed ? 'map.legend.show' : 'map.legend.hide')}
        onClick={onToggleCollapsed}
      >
        {t('legend.title')} {collapsed ? '▸' : '▾'}
      </button>
      {!collapsed && (
        <div className="legend-body">
          {GROUPS.map((g) => (
            <div key={g} className={hidden.has(g) ? 'legend-group legend-group-off' : 'legend-group'}>
              <label className="legend-group-toggle">
                <input
                  type="checkbox"
                  checked={!hidden.has(g)}
                  data-testid={`layer-toggle-${g}`}
                  onChange={() => onToggle(g)}
                />{' '}
                {t(`legend.group.${g}`)}
              </label>
              {!hidden.has(g) &&
                sections
                  .filter((s) => s.group === g)
                  .map((s) => (
                    <div key={s.id} className="legend-section" data-testid={`legend-section-${s.id}`}>
                      <h3>{t(s.title)}</h3>
                      <ul className="legend-row">
                        {s.entries.map((e) => (
                          <li
                            key={e.value}
                            data-testid="legend-entry"
                            data-layer={s.layer}
                            data-prop={s.prop}
                            data-value={e.value}
                          >
                            <Swatch s={e.swatch} />
                            {label(e)}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
