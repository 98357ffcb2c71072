/**
 * Default SOP (standard operating procedure) checklists per incident category, Vietnamese first with
 * the English twin. Cities replace them from config; ids are stable so audited ticks stay meaningful.
 * Numbers: 113 police, 114 fire and rescue (PCCC & CNCH), 115 ambulance.
 */
import type { IncidentCategory } from '@ioc/contracts/incident.schema';

export interface SopItem {
  id: string;
  vi: string;
  en: string;
}

const item = (id: string, vi: string, en: string): SopItem => Object.freeze({ id, vi, en });

const VERIFY = item(
  'verify',
  'Xác minh thông tin (camera, cảm biến, người báo)',
  'Verify (camera, sensors, reporter)',
);
const INFORM = item('inform-leader', 'Báo cáo lãnh đạo trực ban', 'Inform the duty supervisor');
const CLOSE_REPORT = item(
  'final-report',
  'Ghi nhận kết quả xử lý và đóng sự cố',
  'Record the outcome and close the incident',
);

export const DEFAULT_SOP_CHECKLISTS: Readonly<Record<IncidentCategory, readonly SopItem[]>> = Object.freeze({
  fire: [
    VERIFY,
    item('call-114', 'Gọi PCCC 114', 'Call fire brigade 114'),
    item('call-115', 'Gọi cấp cứu 115 nếu có người bị nạn', 'Call ambulance 115 if anyone is hurt'),
    item('cut-power', 'Đề nghị Điện lực cắt điện khu vực', 'Ask the power company to cut power to the area'),
    item('traffic-control', 'Phân luồng giao thông cho xe chữa cháy', 'Clear traffic for fire engines'),
    INFORM,
    CLOSE_REPORT,
  ],
  flood: [
    VERIFY,
    item('warn-residents', 'Cảnh báo người dân vùng trũng', 'Warn residents of low-lying areas'),
    item('close-roads', 'Cấm đường ngập, đặt biển báo', 'Close flooded roads and put up signs'),
    item('evacuate', 'Sơ tán người dân nếu vượt báo động III', 'Evacuate if above alarm level III'),
    item('notify-dpc', 'Báo Ban chỉ huy Phòng chống thiên tai', 'Notify the disaster prevention command'),
    INFORM,
    CLOSE_REPORT,
  ],
  air_quality: [
    VERIFY,
    item('check-station', 'Kiểm tra số liệu trạm lân cận', 'Check neighbouring stations'),
    item(
      'find-source',
      'Xác định nguồn ô nhiễm (đốt rác, công trình, giao thông)',
      'Find the source (burning, works, traffic)',
    ),
    item(
      'public-advice',
      'Khuyến cáo người dân hạn chế ra ngoài',
      'Advise the public to limit time outdoors',
    ),
    item(
      'notify-dnre',
      'Báo Sở Tài nguyên và Môi trường',
      'Notify the Department of Natural Resources and Environment',
    ),
    CLOSE_REPORT,
  ],
  traffic: [
    VERIFY,
    item('call-113', 'Báo CSGT / Công an 113', 'Call traffic police / police 113'),
    item('call-115', 'Gọi cấp cứu 115 nếu có người bị thương', 'Call ambulance 115 if anyone is injured'),
    item('divert', 'Phân luồng, cảnh báo trên bảng điện tử', 'Divert traffic, warn on message signs'),
    INFORM,
    CLOSE_REPORT,
  ],
  security: [
    VERIFY,
    item('call-113', 'Báo Công an 113', 'Call police 113'),
    item('track-camera', 'Theo dõi đối tượng qua camera', 'Track the subject on cameras'),
    item(
      'keep-evidence',
      'Lưu giữ hình ảnh, video làm bằng chứng',
      'Preserve snapshots and clips as evidence',
    ),
    INFORM,
    CLOSE_REPORT,
  ],
  environment: [
    VERIFY,
    item('find-source', 'Xác định nguồn gây ô nhiễm', 'Find the pollution source'),
    item('dispatch-team', 'Điều đội môi trường đô thị', 'Send the urban environment team'),
    item(
      'notify-dnre',
      'Báo Sở Tài nguyên và Môi trường',
      'Notify the Department of Natural Resources and Environment',
    ),
    CLOSE_REPORT,
  ],
  utility: [
    VERIFY,
    item(
      'notify-operator',
      'Báo đơn vị quản lý (điện, nước, chiếu sáng)',
      'Notify the operator (power, water, lighting)',
    ),
    item('secure-area', 'Rào chắn, cảnh báo khu vực nguy hiểm', 'Cordon off and sign the hazard'),
    INFORM,
    CLOSE_REPORT,
  ],
  other: [
    VERIFY,
    item('route', 'Chuyển đơn vị chức năng phù hợp', 'Route to the responsible agency'),
    INFORM,
    CLOSE_REPORT,
  ],
});

/** The checklist for a category: the configured one when present, else the default. */
export function sopChecklistFor(
  category: IncidentCategory,
  configured?: Partial<Record<IncidentCategory, readonly SopItem[]>>,
): readonly SopItem[] {
  return configured?.[category] ?? DEFAULT_SOP_CHECKLISTS[category];
}

export interface SopProgress {
  done: number;
  total: number;
  complete: boolean;
  /** First item not yet ticked, in checklist order. */
  next: SopItem | null;
  /** Ticked ids that are not on the checklist (config changed since); kept visible, not counted. */
  unknown: string[];
}

export function sopProgress(items: readonly SopItem[], tickedIds: Iterable<string>): SopProgress {
  const ticked = new Set(tickedIds);
  const ids = new Set(items.map((i) => i.id));
  const done = items.filter((i) => ticked.has(i.id)).length;
  return {
    done,
    total: items.length,
    complete: done === items.length,
    next: items.find((i) => !ticked.has(i.id)) ?? null,
    unknown: [...ticked].filter((id) => !ids.has(id)),
  };
}

/** A tick must name an item of the incident's checklist (REST answers 400 otherwise). */
export function isSopItem(items: readonly SopItem[], id: string): boolean {
  return items.some((i) => i.id === id);
}
