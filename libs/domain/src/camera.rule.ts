/**
 * Camera rules over Frigate events: label (in zones), minimum score, local time windows, watch-list
 * licence plates, and fire/smoke. Returns the rules that match and the incident they propose; the
 * server decides (by event id and correlation) whether that opens, updates or attaches.
 */
import type { CameraEvent } from '@ioc/contracts/camera-event.schema';
import type { CapSeverity, IncidentCategory } from '@ioc/contracts/incident.schema';
import { VN_UTC_OFFSET_MIN } from './city-time';

export interface TimeWindow {
  /** Local "HH:MM", inclusive. */
  from: string;
  /** Local "HH:MM", exclusive; earlier than `from` means the window crosses midnight (22:00–05:00). */
  to: string;
}

export interface CameraRule {
  id: string;
  /** Camera ids the rule watches; empty or absent: every camera. */
  cameras?: string[];
  /** Object labels (Frigate names: person, car, motorcycle, fire, smoke…); any of. */
  labels: string[];
  /** Zones the object must have entered (any of); empty or absent: anywhere in the frame. */
  zones?: string[];
  /** Minimum detection score 0..1 (compared with Frigate's top score when present). */
  minScore?: number;
  /** Only in these local time windows (any of); absent: always. */
  timeWindows?: TimeWindow[];
  /** Watch-list plates; when set, only events whose plate is on the list match. */
  plates?: string[];
  category?: IncidentCategory;
  severity?: CapSeverity;
}

export interface ProposedIncident {
  category: IncidentCategory;
  severity: CapSeverity;
  title: { vi: string; en: string };
}

export interface CameraRuleResult {
  matchedRuleIds: string[];
  proposal: ProposedIncident | null;
  /** The rule whose proposal won (null without a match). */
  ruleId: string | null;
}

export const FIRE_LABELS: readonly string[] = ['fire', 'smoke'];

/** "51F-123.45", "51f 12345" and "51F12345" are one plate: upper case, letters and digits only. */
export function normalizePlate(plate: string): string {
  return plate.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function parseHhMm(text: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!m) throw new RangeError(`time window needs HH:MM, got "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes since local midnight in Vietnam for a UTC instant. */
export function vnMinuteOfDay(utc: string | number | Date): number {
  const ms = new Date(utc).getTime();
  const minutes = Math.floor(ms / 60_000) + VN_UTC_OFFSET_MIN;
  return ((minutes % 1440) + 1440) % 1440;
}

export function inTimeWindow(window: TimeWindow, minuteOfDay: number): boolean {
  const from = parseHhMm(window.from);
  const to = parseHhMm(window.to);
  if (from === to) return true; // "00:00–00:00": all day
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}

export function matchesCameraRule(event: CameraEvent, rule: CameraRule): boolean {
  if (event.falsePositive) return false;
  if (rule.cameras?.length && !rule.cameras.includes(event.camera)) return false;
  const label = event.label.toLowerCase();
  if (!rule.labels.some((l) => l.toLowerCase() === label)) return false;
  if (rule.zones?.length && !event.zones.some((z) => rule.zones!.includes(z))) return false;
  if (rule.minScore !== undefined) {
    const score = event.topScore ?? event.score;
    if (score === null || score < rule.minScore) return false;
  }
  if (rule.timeWindows?.length) {
    const minute = vnMinuteOfDay(event.startTime);
    if (!rule.timeWindows.some((w) => inTimeWindow(w, minute))) return false;
  }
  if (rule.plates?.length) {
    if (!event.plate) return false;
    const plate = normalizePlate(event.plate);
    if (!rule.plates.some((p) => normalizePlate(p) === plate)) return false;
  }
  return true;
}

const SEVERITY_RANK: Readonly<Record<CapSeverity, number>> = {
  Unknown: 0,
  Minor: 1,
  Moderate: 2,
  Severe: 3,
  Extreme: 4,
};

const LABEL_VI: Readonly<Record<string, string>> = {
  person: 'người',
  car: 'ô tô',
  motorcycle: 'xe máy',
  bicycle: 'xe đạp',
  truck: 'xe tải',
  bus: 'xe buýt',
  dog: 'chó',
  fire: 'cháy',
  smoke: 'khói',
  license_plate: 'biển số xe',
};

function proposalFor(event: CameraEvent, rule: CameraRule, cameraName?: string): ProposedIncident {
  const at = cameraName ?? `camera ${event.camera}`;
  const label = event.label.toLowerCase();
  if (FIRE_LABELS.includes(label))
    return {
      category: rule.category ?? 'fire',
      severity: rule.severity ?? 'Severe',
      title: {
        vi: `Phát hiện ${LABEL_VI[label]} tại ${at}`,
        en: `${label === 'fire' ? 'Fire' : 'Smoke'} detected at ${at}`,
      },
    };
  if (rule.plates?.length && event.plate)
    return {
      category: rule.category ?? 'security',
      severity: rule.severity ?? 'Moderate',
      title: {
        vi: `Biển số trong danh sách theo dõi ${normalizePlate(event.plate)} tại ${at}`,
        en: `Watch-list plate ${normalizePlate(event.plate)} at ${at}`,
      },
    };
  const zone = rule.zones?.length ? event.zones.find((z) => rule.zones!.includes(z)) : undefined;
  return {
    category: rule.category ?? 'security',
    severity: rule.severity ?? 'Minor',
    title: {
      vi: `Phát hiện ${LABEL_VI[label] ?? label}${zone ? ` trong vùng ${zone}` : ''} tại ${at}`,
      en: `${label[0].toUpperCase()}${label.slice(1).replace(/_/g, ' ')} detected${zone ? ` in zone ${zone}` : ''} at ${at}`,
    },
  };
}

/**
 * Every rule that matches, in the given order, and one proposal: the most severe matching rule's
 * (first wins a tie), so a fire and a loitering person on one event propose the fire. Titles name the
 * camera by `cameraName` when given (the city config's name), else by its id.
 */
export function evaluateCameraRules(
  event: CameraEvent,
  rules: readonly CameraRule[],
  cameraName?: string,
): CameraRuleResult {
  const matched = rules.filter((r) => matchesCameraRule(event, r));
  let proposal: ProposedIncident | null = null;
  let ruleId: string | null = null;
  for (const rule of matched) {
    const p = proposalFor(event, rule, cameraName);
    if (!proposal || SEVERITY_RANK[p.severity] > SEVERITY_RANK[proposal.severity]) {
      proposal = p;
      ruleId = rule.id;
    }
  }
  return { matchedRuleIds: matched.map((r) => r.id), proposal, ruleId };
}
