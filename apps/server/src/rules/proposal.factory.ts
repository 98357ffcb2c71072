/**
 * Pure builders of IncidentProposals, one per rule type. The key is the identity of the condition:
 * the incidents service keeps one open incident per key, so a condition that raises again while its
 * incident is open attaches evidence instead of opening a duplicate.
 */
import type { CameraEvent } from '@ioc/contracts/camera-event.schema';
import {
  IncidentCategorySchema,
  type CapSeverity,
  type IncidentCategory,
} from '@ioc/contracts/incident.schema';
import type {
  CitizenReportRuleConfig,
  DeviceFilter,
  DeviceOfflineRuleConfig,
  FiwareAlertRuleConfig,
  FloodRuleConfig,
  ThresholdRuleConfig,
  VnAqiRuleConfig,
} from '@ioc/contracts/rules.schema';
import type { ProposedIncident } from '@ioc/domain/camera.rule';
import { mapFiwareAlert } from '@ioc/domain/fiware-alert.mapping';
import { floodLevelTitle, floodSeverity, type FloodLevel } from '@ioc/domain/flood-level.rule';
import { aqiSeverity, aqiTitle } from '@ioc/domain/aqi.rule';
import {
  displayUnit,
  formatDecimal,
  metricDigits,
  metricName,
  type DisplayLanguage,
} from '@ioc/domain/metric-display';
import { formatNumber, renderTemplate } from '@ioc/domain/text-template';
import type { VnAqiResult } from '@ioc/domain/vn-aqi.calculator';
import type { WaterLevelAlarms } from '@ioc/domain/water-level-band';
import type { IncidentProposal } from '../incidents/incident-proposal.types';

/** What a rule needs to know about a device: from the city config, else from the registry. */
export interface DeviceMeta {
  id: string;
  name: string;
  kind: string | null;
  ward: string | null;
  wardName: string | null;
  lat: number | null;
  lon: number | null;
}

export interface ReadingFact {
  deviceId: string;
  metric: string;
  time: string;
  value: number;
  unit: string | null;
}

/** A signal (FIWARE Alert or citizen report) as stored in incident_signals. */
export interface SignalFact {
  kind: 'fiware_alert' | 'citizen_report';
  sourceId: string;
  time: string;
  category: string;
  subCategory: string | null;
  severity: CapSeverity;
  description: string;
  lat: number | null;
  lon: number | null;
  contact: string | null;
  photoUrl: string | null;
}

/** Every condition given must hold; an empty filter matches every device. */
export function matchesDeviceFilter(filter: DeviceFilter | undefined, device: DeviceMeta): boolean {
  if (!filter) return true;
  if (filter.ids && !filter.ids.includes(device.id)) return false;
  if (filter.kinds && !(device.kind !== null && (filter.kinds as string[]).includes(device.kind)))
    return false;
  if (filter.wards && !(device.ward !== null && filter.wards.includes(device.ward))) return false;
  return true;
}

/** Incident titles hold at most 300 characters. */
const clip = (t: { vi: string; en: string }) => ({
  vi: Array.from(t.vi.trim()).slice(0, 300).join(''),
  en: Array.from(t.en.trim()).slice(0, 300).join(''),
});

const readingRef = (r: ReadingFact) => `${r.deviceId}/${r.metric}/${r.time}`;

function place(device: DeviceMeta): Pick<IncidentProposal, 'lat' | 'lon' | 'ward'> {
  return { lat: device.lat, lon: device.lon, ward: device.ward };
}

export function thresholdProposal(
  rule: ThresholdRuleConfig,
  device: DeviceMeta,
  reading: ReadingFact,
): IncidentProposal {
  // Each title reads in its own language: "281,6 µg/m³" in vi, "281.6 µg/m³" in en, never a unit code.
  const vars = (lang: DisplayLanguage) => ({
    device: device.id,
    deviceName: device.name,
    metric: metricName(reading.metric, lang),
    value: formatDecimal(reading.value, lang, metricDigits(reading.metric), 0),
    unit: displayUnit(reading.unit, reading.metric),
    threshold: formatDecimal(rule.value, lang, metricDigits(reading.metric), 0),
    ward: device.ward,
    wardName: device.wardName,
  });
  const held = rule.for > 0 ? ` for ${formatNumber(rule.for)} s` : '';
  return {
    key: `threshold:${rule.id}:${device.id}`,
    ruleId: rule.id,
    category: rule.category,
    severity: rule.severity,
    urgency: rule.urgency ?? 'Expected',
    certainty: rule.certainty ?? 'Observed',
    title: clip({
      vi: renderTemplate(rule.title.vi, vars('vi'), 'vi'),
      en: renderTemplate(rule.title.en, vars('en'), 'en'),
    }),
    description:
      `${reading.metric} = ${formatNumber(reading.value)}${reading.unit ? ` ${reading.unit}` : ''} at ${device.name} ` +
      `(${rule.op} ${formatNumber(rule.value)}${held}; rule ${rule.id}).`,
    ...place(device),
    time: reading.time,
    evidence: {
      kind: 'reading',
      ref: readingRef(reading),
      data: {
        deviceId: device.id,
        metric: reading.metric,
        value: reading.value,
        unit: reading.unit,
        time: reading.time,
        op: rule.op,
        threshold: rule.value,
        forS: rule.for,
      },
    },
  };
}

export function aqiProposal(
  rule: VnAqiRuleConfig,
  station: DeviceMeta,
  hourStart: number,
  result: VnAqiResult,
  peakBand: VnAqiResult['band']['band'],
): IncidentProposal {
  const hour = new Date(hourStart).toISOString();
  return {
    key: `aqi:${rule.id}:${station.id}`,
    ruleId: rule.id,
    category: rule.category,
    subCategory: 'vn_aqi',
    severity: aqiSeverity(peakBand),
    urgency: rule.urgency ?? 'Expected',
    certainty: rule.certainty ?? 'Observed',
    title: aqiTitle(result.aqi, station.name),
    description:
      `Hourly VN_AQI ${result.aqi} (${result.band.vi} / ${result.band.en}) for the hour from ${hour}, ` +
      `dominant ${result.dominant.join(', ')} (QĐ 1459/QĐ-TCMT; rule ${rule.id}).`,
    ...place(station),
    // The index describes the hour just ended: its end is the signal time.
    time: new Date(hourStart + 3_600_000).toISOString(),
    evidence: {
      kind: 'aqi',
      ref: `${station.id}/${hour}`,
      data: {
        stationId: station.id,
        hour,
        aqi: result.aqi,
        band: result.band.band,
        bandVi: result.band.vi,
        dominant: result.dominant,
        subIndices: result.subIndices,
      },
    },
  };
}

export function floodProposal(
  rule: FloodRuleConfig,
  gauge: DeviceMeta,
  level: Exclude<FloodLevel, 0>,
  alarms: WaterLevelAlarms,
  reading: ReadingFact,
): IncidentProposal {
  return {
    key: `flood:${rule.id}:${gauge.id}`,
    ruleId: rule.id,
    category: rule.category,
    subCategory: `alarm_${level}`,
    severity: floodSeverity(level)!,
    urgency: rule.urgency ?? 'Immediate',
    certainty: rule.certainty ?? 'Observed',
    title: floodLevelTitle(level, gauge.name),
    description:
      `Water level ${formatNumber(reading.value)} m at ${gauge.name} reached alarm level ${'I'.repeat(level)} ` +
      `(I ${alarms.level1} m, II ${alarms.level2} m, III ${alarms.level3} m; rule ${rule.id}).`,
    ...place(gauge),
    time: reading.time,
    evidence: {
      kind: 'flood_level',
      ref: readingRef(reading),
      data: {
        gaugeId: gauge.id,
        level,
        value: reading.value,
        unit: reading.unit,
        time: reading.time,
        alarms,
      },
    },
  };
}

export function cameraProposal(
  ruleId: string,
  rule: { urgency?: IncidentProposal['urgency']; certainty?: IncidentProposal['certainty'] },
  event: CameraEvent,
  camera: DeviceMeta | null,
  proposed: ProposedIncident,
): IncidentProposal {
  const score = event.topScore ?? event.score;
  return {
    key: `camera:${ruleId}:${event.id}`,
    ruleId,
    category: proposed.category,
    subCategory: event.label,
    severity: proposed.severity,
    urgency: rule.urgency ?? 'Immediate',
    certainty: rule.certainty ?? 'Likely',
    title: proposed.title,
    description:
      `Frigate event ${event.id}: ${event.label}${event.plate ? ` (plate ${event.plate})` : ''}` +
      `${score !== null ? `, score ${formatNumber(score)}` : ''}` +
      `${event.zones.length ? `, zones ${event.zones.join(', ')}` : ''} at ${camera?.name ?? event.camera} (rule ${ruleId}).`,
    lat: camera?.lat ?? null,
    lon: camera?.lon ?? null,
    ward: camera?.ward ?? null,
    time: event.startTime,
    evidence: {
      kind: 'camera_event',
      ref: event.id,
      data: {
        camera: event.camera,
        label: event.label,
        subLabel: event.subLabel,
        score,
        zones: event.zones,
        plate: event.plate,
        startTime: event.startTime,
        snapshotUrl: event.snapshotUrl,
        clipUrl: event.clipUrl,
      },
    },
  };
}

export function offlineProposal(
  rule: DeviceOfflineRuleConfig,
  device: DeviceMeta,
  transition: { time: string; reason: string },
): IncidentProposal {
  const vars = { device: device.id, deviceName: device.name, ward: device.ward, wardName: device.wardName };
  return {
    key: `offline:${device.id}`,
    ruleId: rule.id,
    category: rule.category,
    subCategory: 'device_offline',
    severity: rule.severity,
    urgency: rule.urgency ?? 'Expected',
    certainty: rule.certainty ?? 'Observed',
    title: clip({
      vi: renderTemplate(rule.title.vi, vars, 'vi'),
      en: renderTemplate(rule.title.en, vars, 'en'),
    }),
    description: `${device.name} (${device.id}) went offline: ${transition.reason} (rule ${rule.id}).`,
    ...place(device),
    time: transition.time,
    evidence: {
      kind: 'device_offline',
      ref: `${device.id}@${transition.time}`,
      data: { deviceId: device.id, kind: device.kind, reason: transition.reason, time: transition.time },
    },
  };
}

/** The key of a mass outage: one open incident per feed and ward. */
export function massOfflineKey(feed: string, ward: string | null): string {
  return `offline-mass:${feed}:${ward ?? '-'}`;
}

/**
 * Many devices of one feed and ward offline together: one incident (key per feed and ward) whose
 * evidence lists the devices, a chunk per evidence item. No position: the devices may be spread over the
 * ward (or have none), and an outage must not correlate with a fire or a flood nearby.
 */
export function massOfflineProposal(
  rule: DeviceOfflineRuleConfig,
  group: { feed: string; ward: string | null; wardName: string | null },
  transitions: readonly { deviceId: string; time: string; reason: string }[],
  ref: string,
  windowS: number,
): IncidentProposal {
  const ids = transitions.map((t) => t.deviceId);
  const times = transitions.map((t) => Date.parse(t.time));
  const from = new Date(Math.min(...times)).toISOString();
  const to = new Date(Math.max(...times)).toISOString();
  const place = group.wardName ?? group.ward;
  const shown = ids.slice(0, 20).join(', ') + (ids.length > 20 ? ` … (+${ids.length - 20})` : '');
  return {
    key: massOfflineKey(group.feed, group.ward),
    ruleId: rule.id,
    category: rule.category,
    subCategory: 'mass_offline',
    severity: rule.severity,
    urgency: rule.urgency ?? 'Expected',
    certainty: rule.certainty ?? 'Observed',
    title: clip({
      vi: `Mất kết nối hàng loạt thiết bị ${group.feed} – ${place ?? 'chưa rõ phường'}`,
      en: `Mass device outage: ${group.feed} – ${place ?? 'ward unknown'}`,
    }),
    description: Array.from(
      `${ids.length} ${group.feed} device(s) ${place ? `in ${place}` : 'without a ward'} went offline ` +
        `within ${formatNumber(windowS)} s of each other: ${shown} (rule ${rule.id}).`,
    )
      .slice(0, 4000)
      .join(''),
    lat: null,
    lon: null,
    ward: group.ward,
    time: to,
    evidence: {
      kind: 'device_offline',
      ref,
      data: { feed: group.feed, ward: group.ward, count: ids.length, from, to, devices: ids },
    },
  };
}

export function fiwareProposal(rule: FiwareAlertRuleConfig, signal: SignalFact): IncidentProposal {
  const mapped = mapFiwareAlert(signal, rule);
  const what = `${signal.category}${signal.subCategory ? `/${signal.subCategory}` : ''}`;
  return {
    key: `fiware:${signal.sourceId}`,
    ruleId: rule.id,
    category: mapped.category,
    subCategory: signal.subCategory ?? signal.category,
    severity: mapped.severity,
    urgency: rule.urgency ?? 'Expected',
    certainty: rule.certainty ?? 'Likely',
    title: clip({ vi: `Cảnh báo FIWARE: ${what}`, en: `FIWARE alert: ${what}` }),
    description: signal.description || `FIWARE Alert ${signal.sourceId} (${what}).`,
    lat: signal.lat,
    lon: signal.lon,
    time: signal.time,
    evidence: {
      kind: 'fiware_alert',
      // one item per version of the alert (an update re-issues it); a redelivery is the same version
      ref: `${signal.sourceId}@${signal.time}`,
      data: {
        alertId: signal.sourceId,
        category: signal.category,
        subCategory: signal.subCategory,
        severity: signal.severity,
        description: signal.description,
      },
    },
  };
}

const CATEGORY_VI: Readonly<Record<IncidentCategory, string>> = {
  fire: 'cháy',
  flood: 'ngập lụt',
  air_quality: 'chất lượng không khí',
  traffic: 'giao thông',
  security: 'an ninh trật tự',
  environment: 'môi trường',
  utility: 'hạ tầng điện nước',
  other: 'khác',
};

/** Free-text category of an MQTT report → ours ("Fire " → fire), else the rule's default. */
export function reportCategory(text: string, fallback: IncidentCategory): IncidentCategory {
  const parsed = IncidentCategorySchema.safeParse(text.trim().toLowerCase());
  return parsed.success ? parsed.data : fallback;
}

/** First words of the report for the title (the whole text is the description). */
function excerpt(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(oneLine);
  return chars.length <= max
    ? oneLine
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export function reportProposal(rule: CitizenReportRuleConfig, signal: SignalFact): IncidentProposal {
  const category = reportCategory(signal.category, rule.defaultCategory);
  return {
    key: signal.sourceId.startsWith('report:') ? signal.sourceId : `report:${signal.sourceId}`,
    ruleId: rule.id,
    category,
    subCategory: signal.subCategory,
    severity: rule.severity,
    urgency: rule.urgency ?? 'Unknown',
    certainty: rule.certainty ?? 'Possible',
    title: {
      vi: `Phản ánh của người dân (${CATEGORY_VI[category]}): ${excerpt(signal.description)}`,
      en: `Citizen report (${category.replace('_', ' ')}): ${excerpt(signal.description)}`,
    },
    description: signal.description,
    lat: signal.lat,
    lon: signal.lon,
    time: signal.time,
    evidence: {
      kind: 'citizen_report',
      ref: signal.sourceId,
      data: {
        reportId: signal.sourceId.replace(/^report:/, ''),
        text: signal.description,
        category: signal.category,
        contact: signal.contact,
        photoUrl: signal.photoUrl,
      },
    },
  };
}
