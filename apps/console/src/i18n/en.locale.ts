import type { LocaleResource } from './vi.locale';

/** English UI strings. */
export const en: LocaleResource = {
  app: {
    title: 'Intelligent Operations Centre — {{city}}',
    titleShort: 'Intelligent Operations Centre',
    loading: 'Loading city data…',
    loadFailed: 'Could not load city data: {{error}}',
    retry: 'Retry',
  },
  language: { label: 'Language', vi: 'VI', en: 'EN', viName: 'Tiếng Việt', enName: 'English' },
  connection: {
    label: 'Live connection',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
  },
  sensors: {
    title: 'Sensors',
    search: 'Search sensors, wards…',
    searchLabel: 'Search sensors',
    count: '{{shown}}/{{total}} sensors',
    empty: 'No sensor matches',
    noData: 'No data yet',
    name: 'Name',
    ward: 'Ward',
    value: 'Value',
    time: 'Time',
    leak: { wet: 'Water', dry: 'Dry' },
    kind: {
      air_quality: 'Air quality',
      water_level: 'Water level',
      flood_sensor: 'Flood sensor',
      weather: 'Weather',
      traffic: 'Traffic',
      camera: 'Camera',
      generic: 'Other',
    },
  },
  metric: {
    pm25: 'PM2.5',
    water_level: 'Water level',
    temperature: 'Temperature',
    water_leak: 'Flooding',
  },
  legend: {
    title: 'Legend',
    pm25: 'PM2.5 (µg/m³)',
    waterLevel: 'Water level',
    layers: 'Other layers',
    band: { good: 'Good', moderate: 'Moderate', poor: 'Poor', bad: 'Bad', very_bad: 'Very bad', hazardous: 'Hazardous' },
    water: { normal: 'Normal', alarm_1: 'Alarm I', alarm_2: 'Alarm II', alarm_3: 'Alarm III' },
    noData: 'No data',
    camera: 'Camera',
    unit: 'Response unit',
  },
};
