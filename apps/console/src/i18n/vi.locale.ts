/** Vietnamese (default) UI strings. Keys mirror en.locale.ts; a spec keeps the two in step. */
export const vi = {
  app: {
    title: 'Trung tâm Điều hành Thông minh — {{city}}',
    titleShort: 'Trung tâm Điều hành Thông minh',
    loading: 'Đang tải dữ liệu thành phố…',
    loadFailed: 'Không tải được dữ liệu thành phố: {{error}}',
    retry: 'Thử lại',
  },
  language: { label: 'Ngôn ngữ', vi: 'VI', en: 'EN', viName: 'Tiếng Việt', enName: 'English' },
  connection: {
    label: 'Kết nối trực tiếp',
    connected: 'Đã kết nối',
    reconnecting: 'Đang kết nối…',
    offline: 'Mất kết nối',
  },
  sensors: {
    title: 'Cảm biến',
    search: 'Tìm cảm biến, phường…',
    searchLabel: 'Tìm kiếm cảm biến',
    count: '{{shown}}/{{total}} cảm biến',
    empty: 'Không có cảm biến nào khớp',
    noData: 'Chưa có dữ liệu',
    name: 'Tên',
    ward: 'Phường/xã',
    value: 'Giá trị',
    time: 'Thời gian',
    leak: { wet: 'Có nước', dry: 'Khô' },
    kind: {
      air_quality: 'Không khí',
      water_level: 'Mực nước',
      flood_sensor: 'Cảm biến ngập',
      weather: 'Thời tiết',
      traffic: 'Giao thông',
      camera: 'Camera',
      generic: 'Khác',
    },
  },
  metric: {
    pm25: 'PM2.5',
    water_level: 'Mực nước',
    temperature: 'Nhiệt độ',
    water_leak: 'Ngập',
  },
  legend: {
    title: 'Chú giải',
    pm25: 'PM2.5 (µg/m³)',
    waterLevel: 'Mực nước',
    layers: 'Lớp khác',
    band: {
      good: 'Tốt',
      moderate: 'Trung bình',
      poor: 'Kém',
      bad: 'Xấu',
      very_bad: 'Rất xấu',
      hazardous: 'Nguy hại',
    },
    water: { normal: 'Bình thường', alarm_1: 'Báo động I', alarm_2: 'Báo động II', alarm_3: 'Báo động III' },
    noData: 'Không có dữ liệu',
    camera: 'Camera',
    unit: 'Lực lượng',
  },
};

/** Shape every locale must have (same keys, string leaves). */
export type LocaleResource = typeof vi;
