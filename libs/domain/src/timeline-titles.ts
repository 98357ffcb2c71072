/**
 * Titles of the history rows that are not incidents (device online/offline, unit status, camera detection),
 * written out in Vietnamese and English for the timeline, its CSV and the daily report: an operator, or the
 * spreadsheet of the morning report, reads "Trạm X mất kết nối", never "Trạm X offline" or "→ en_route".
 */
type Title = { vi: string; en: string };

const UNIT_STATUS: Readonly<Record<string, Title>> = Object.freeze({
  available: { vi: 'sẵn sàng', en: 'available' },
  dispatched: { vi: 'đã điều động', en: 'dispatched' },
  en_route: { vi: 'đang đến', en: 'en route' },
  on_scene: { vi: 'tại hiện trường', en: 'on scene' },
  off_duty: { vi: 'nghỉ', en: 'off duty' },
});

/** Frigate object labels (COCO names and Frigate's own). */
const CAMERA_LABELS: Readonly<Record<string, Title>> = Object.freeze({
  person: { vi: 'người', en: 'person' },
  car: { vi: 'ô tô', en: 'car' },
  motorcycle: { vi: 'xe máy', en: 'motorcycle' },
  bicycle: { vi: 'xe đạp', en: 'bicycle' },
  truck: { vi: 'xe tải', en: 'truck' },
  bus: { vi: 'xe buýt', en: 'bus' },
  boat: { vi: 'tàu thuyền', en: 'boat' },
  dog: { vi: 'chó', en: 'dog' },
  cat: { vi: 'mèo', en: 'cat' },
  fire: { vi: 'lửa', en: 'fire' },
  smoke: { vi: 'khói', en: 'smoke' },
  license_plate: { vi: 'biển số xe', en: 'licence plate' },
  face: { vi: 'khuôn mặt', en: 'face' },
  package: { vi: 'kiện hàng', en: 'package' },
});

const readable = (code: string) => code.replace(/_/g, ' ');

/** A device's transition: "Trạm X trực tuyến trở lại" / "Trạm X back online". */
export function deviceEventTitle(deviceName: string, kind: string): Title {
  if (kind === 'online') return { vi: `${deviceName} trực tuyến trở lại`, en: `${deviceName} back online` };
  if (kind === 'offline') return { vi: `${deviceName} mất kết nối`, en: `${deviceName} went offline` };
  return { vi: `${deviceName}: ${readable(kind)}`, en: `${deviceName}: ${readable(kind)}` };
}

/** A unit's new status: "CSGT 01 → đang đến" / "CSGT 01 → en route". */
export function unitStatusTitle(unitName: string, status: string): Title {
  const s = UNIT_STATUS[status] ?? { vi: readable(status), en: readable(status) };
  return { vi: `${unitName} → ${s.vi}`, en: `${unitName} → ${s.en}` };
}

/** A camera detection: "Phát hiện người tại Camera Chợ" / "Person detected at Camera Chợ". */
export function cameraEventTitle(label: string, cameraName: string): Title {
  const l = CAMERA_LABELS[label] ?? { vi: readable(label), en: readable(label) };
  const en = `${l.en.charAt(0).toUpperCase()}${l.en.slice(1)}`;
  return { vi: `Phát hiện ${l.vi} tại ${cameraName}`, en: `${en} detected at ${cameraName}` };
}
