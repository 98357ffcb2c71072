import type { City } from '@ioc/contracts/city.schema';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { SEVERITY_COLORS } from '../features/incidents/incident-queue';
import type { IncidentStore } from '../features/incidents/incident.store';
import { mainMetricOf } from '../features/sensors/main-metric';
import { displayValue } from '../features/sensors/metric-display';
import type { SensorStateStore } from '../features/sensors/sensor-state.store';
import { UNIT_STATUS_COLORS, type UnitStore } from '../features/units/unit.store';
import { useCityTimeZone } from '../i18n/city-time-zone.context';
import { currentLanguage } from '../i18n/i18n.setup';
import { formatNumber, formatTime } from '../i18n/locale.format';
import { describePoint } from '../i18n/location.format';
import { sensorLook } from './map.legend';

export type MarkerKind = 'sensor' | 'camera' | 'unit' | 'incident';

export interface MapHover {
  kind: MarkerKind;
  id: string;
  /** Pointer position in the map container, CSS px. */
  x: number;
  y: number;
}

interface Props {
  hover: MapHover;
  city: City;
  sensors: SensorStateStore;
  units: UnitStore;
  incidents: IncidentStore;
}

/**
 * The hover card of a map marker: what it is, its state, its value with unit and when (city time), in
 * the UI language. `data-kind` / `data-id` are what browser tests read.
 */
export function MapTooltip({ hover, city, sensors, units, incidents }: Props) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  const tz = useCityTimeZone();
  const sensorStates = useSyncExternalStore(sensors.subscribe, sensors.getSnapshot);
  const unitMap = useSyncExternalStore(units.subscribe, units.getSnapshot);
  const incidentMap = useSyncExternalStore(incidents.subscribe, incidents.getSnapshot);
  const wardName = (id: string | null) => (id ? (city.wards.find((w) => w.id === id)?.name ?? id) : null);

  let title = '';
  let dot: string | null = null;
  const lines: string[] = [];
  if (hover.kind === 'sensor') {
    const s = city.sensors.find((x) => x.id === hover.id);
    if (!s) return null;
    const state = sensorStates.get(s.id);
    const look = sensorLook(s.kind, state);
    title = s.name;
    dot = look.color;
    lines.push(`${t(`sensors.kind.${s.kind}`)} · ${wardName(s.ward)}`);
    const metric = mainMetricOf(s);
    const m = metric ? state?.metrics[metric] : undefined;
    const v = metric ? displayValue(metric, m, lang) : null;
    const stateText = t(look.key);
    if (v && m) {
      const value =
        v.type === 'flag'
          ? t(v.on ? 'sensors.leak.wet' : 'sensors.leak.dry')
          : `${t(`metric.${metric}`, { defaultValue: metric })} ${v.text}${v.unit ? ` ${v.unit}` : ''}`;
      lines.push(v.type === 'flag' ? stateText : `${value} · ${stateText}`);
      lines.push(t('map.tooltip.at', { time: formatTime(m.time, lang, tz) }));
    } else lines.push(t('map.tooltip.noData'));
  } else if (hover.kind === 'camera') {
    const c = city.cameras.find((x) => x.id === hover.id);
    if (!c) return null;
    title = c.name;
    lines.push(`${t('map.tooltip.camera')} · ${wardName(c.ward)}`);
    lines.push(
      c.fov >= 360
        ? t('map.tooltip.dome', { range: formatNumber(c.range, lang, 0) })
        : t('map.tooltip.view', { bearing: c.bearing, fov: c.fov, range: formatNumber(c.range, lang, 0) }),
    );
    const where = describePoint(c, city.landmarks, t, lang);
    if (where) lines.push(where);
  } else if (hover.kind === 'unit') {
    const u = unitMap.get(hover.id);
    if (!u) return null;
    title = u.name;
    dot = UNIT_STATUS_COLORS[u.status];
    lines.push(`${t(`unitType.${u.type}`)} · ${t(`unitStatus.${u.status}`)}`);
    if (u.incidentId) {
      const inc = incidentMap.get(u.incidentId);
      lines.push(
        inc
          ? lang === 'en' && inc.titleEn
            ? inc.titleEn
            : inc.title
          : t('map.tooltip.incidentOf', { id: u.incidentId }),
      );
    }
    if (u.positionTime)
      lines.push(t('map.tooltip.positionAt', { time: formatTime(u.positionTime, lang, tz) }));
  } else {
    const i = incidentMap.get(hover.id);
    if (!i) return null;
    title = lang === 'en' && i.titleEn ? i.titleEn : i.title;
    dot = SEVERITY_COLORS[i.severity];
    lines.push(`${t(`severity.${i.severity}`)} · ${t(`status.${i.status}`)}`);
    const where = describePoint(i, city.landmarks, t, lang);
    lines.push([where, wardName(i.ward)].filter(Boolean).join(' · '));
    lines.push(t('map.tooltip.opened', { time: formatTime(i.openedAt, lang, tz) }));
  }
  return (
    <div
      className="map-tooltip"
      role="tooltip"
      data-testid="map-tooltip"
      data-kind={hover.kind}
      data-id={hover.id}
      style={{ left: hover.x, top: hover.y }}
    >
      <div className="map-tooltip-title">
        {dot && <span className="dot" style={{ background: dot }} />}
        <strong>{title}</strong>
      </div>
      {lines
        .filter((l) => l)
        .map((l, n) => (
          <div key={n} className="map-tooltip-line">
            {l}
          </div>
        ))}
    </div>
  );
}
