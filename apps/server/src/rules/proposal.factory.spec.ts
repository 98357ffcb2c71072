import { CameraEventSchema } from '@ioc/contracts/camera-event.schema';
import {
  CitizenReportRuleConfigSchema,
  DeviceOfflineRuleConfigSchema,
  FiwareAlertRuleConfigSchema,
  FloodRuleConfigSchema,
  ThresholdRuleConfigSchema,
  VnAqiRuleConfigSchema,
} from '@ioc/contracts/rules.schema';
import { hourlyVnAqi } from '@ioc/domain/vn-aqi.calculator';
import {
  aqiProposal,
  cameraProposal,
  fiwareProposal,
  floodProposal,
  massOfflineProposal,
  matchesDeviceFilter,
  offlineProposal,
  reportCategory,
  reportProposal,
  thresholdProposal,
  type DeviceMeta,
  type SignalFact,
} from './proposal.factory';

const station: DeviceMeta = {
  id: 'pt-aq-01',
  name: 'Trạm Chợ Phan Thiết',
  kind: 'air_quality',
  ward: 'duc-nghia',
  wardName: 'Phường Đức Nghĩa',
  lat: 10.9262,
  lon: 108.1003,
};

describe('proposal factory', () => {
  it('threshold: stable key per rule and device, titles filled from the reading', () => {
    const rule = ThresholdRuleConfigSchema.parse({
      id: 'pm25-smoke',
      type: 'threshold',
      metric: 'pm25',
      value: 250,
      clearValue: 120,
      for: '3m',
      category: 'fire',
      severity: 'Severe',
      title: {
        vi: 'Khói: PM2.5 {value} {unit} tại {deviceName} ({wardName})',
        en: 'Smoke at {device}: {value} {unit} ({metric} ≥ {threshold})',
      },
    });
    const p = thresholdProposal(rule, station, {
      deviceId: 'pt-aq-01',
      metric: 'pm25',
      time: '2025-05-01T03:04:05.000Z',
      value: 281.63,
      unit: 'ug/m3',
    });
    expect(p).toMatchObject({
      key: 'threshold:pm25-smoke:pt-aq-01',
      ruleId: 'pm25-smoke',
      category: 'fire',
      severity: 'Severe',
      urgency: 'Expected',
      certainty: 'Observed',
      title: {
        // each language its own decimal sign, the metric's decimals, the unit as written
        vi: 'Khói: PM2.5 281,6 µg/m³ tại Trạm Chợ Phan Thiết (Phường Đức Nghĩa)',
        en: 'Smoke at pt-aq-01: 281.6 µg/m³ (PM2.5 ≥ 250)',
      },
      lat: 10.9262,
      lon: 108.1003,
      ward: 'duc-nghia',
      time: '2025-05-01T03:04:05.000Z',
      evidence: { kind: 'reading', ref: 'pt-aq-01/pm25/2025-05-01T03:04:05.000Z' },
    });
    expect(p.description).toContain('>= 250 for 180 s');
  });

  it('VN_AQI: severity from the peak band, time = end of the hour', () => {
    const rule = VnAqiRuleConfigSchema.parse({ id: 'aqi', type: 'vn_aqi', raiseAt: 'poor' });
    const result = hourlyVnAqi({ pm25NowCast: 60 })!;
    const p = aqiProposal(rule, station, Date.parse('2025-05-01T03:00:00Z'), result, 'bad');
    expect(p).toMatchObject({
      key: 'aqi:aqi:pt-aq-01',
      category: 'air_quality',
      severity: 'Moderate',
      time: '2025-05-01T04:00:00.000Z',
      title: { vi: 'Chất lượng không khí kém (VN_AQI 117) tại Trạm Chợ Phan Thiết' },
      evidence: { kind: 'aqi', ref: 'pt-aq-01/2025-05-01T03:00:00.000Z', data: { aqi: 117, band: 'poor' } },
    });
  });

  it('flood: severity by level, one key per gauge', () => {
    const rule = FloodRuleConfigSchema.parse({ id: 'flood', type: 'flood' });
    const alarms = { level1: 2.2, level2: 2.6, level3: 3 };
    const reading = {
      deviceId: 'g',
      metric: 'water_level',
      time: '2025-05-01T00:00:00.000Z',
      value: 2.7,
      unit: 'm',
    };
    const p = floodProposal(rule, { ...station, id: 'g', name: 'Cầu Trần Hưng Đạo' }, 2, alarms, reading);
    expect(p).toMatchObject({
      key: 'flood:flood:g',
      severity: 'Severe',
      urgency: 'Immediate',
      title: { vi: 'Mực nước vượt báo động II tại Cầu Trần Hưng Đạo' },
      evidence: { kind: 'flood_level', data: { level: 2, value: 2.7 } },
    });
  });

  it('camera: key per rule and Frigate event, place from the camera', () => {
    const event = CameraEventSchema.parse({
      id: '1746113400.1-abc',
      camera: 'cam-cho-phan-thiet',
      frigateCamera: 'cam_cho_phan_thiet',
      phase: 'update',
      label: 'fire',
      subLabel: null,
      score: 0.8,
      topScore: 0.85,
      zones: [],
      startTime: '2025-05-01T00:00:00.000Z',
      endTime: null,
      falsePositive: false,
      hasSnapshot: false,
      hasClip: false,
      snapshotUrl: null,
      clipUrl: null,
      plate: null,
      source: 'frigate',
    });
    const p = cameraProposal('fire-smoke', {}, event, station, {
      category: 'fire',
      severity: 'Severe',
      title: { vi: 'x', en: 'y' },
    });
    expect(p).toMatchObject({
      key: 'camera:fire-smoke:1746113400.1-abc',
      certainty: 'Likely',
      lat: 10.9262,
      evidence: { kind: 'camera_event', ref: '1746113400.1-abc', data: { score: 0.85, label: 'fire' } },
    });
  });

  it('device offline: one key per device', () => {
    const rule = DeviceOfflineRuleConfigSchema.parse({ id: 'offline', type: 'device_offline' });
    const p = offlineProposal(rule, station, {
      time: '2025-05-01T00:00:00.000Z',
      reason: 'no data for 180 s',
    });
    expect(p).toMatchObject({
      key: 'offline:pt-aq-01',
      category: 'utility',
      severity: 'Minor',
      title: { vi: 'Mất kết nối thiết bị Trạm Chợ Phan Thiết', en: 'Device offline: Trạm Chợ Phan Thiết' },
      evidence: { kind: 'device_offline', ref: 'pt-aq-01@2025-05-01T00:00:00.000Z' },
    });
  });

  it('mass offline: one key per feed and ward, the devices as evidence, no position to correlate with', () => {
    const rule = DeviceOfflineRuleConfigSchema.parse({
      id: 'offline',
      type: 'device_offline',
      severity: 'Moderate',
    });
    const devices = Array.from({ length: 25 }, (_, i) => ({
      deviceId: `z-${String(i).padStart(2, '0')}`,
      time: new Date(Date.parse('2025-05-01T00:00:00.000Z') + i * 1000).toISOString(),
      reason: 'zigbee2mqtt availability',
    }));
    const group = { feed: 'zigbee2mqtt', ward: 'duc-nghia', wardName: 'Phường Đức Nghĩa' };
    const p = massOfflineProposal(rule, group, devices, 'offline-mass:zigbee2mqtt:duc-nghia@x#0', 300);
    expect(p).toMatchObject({
      key: 'offline-mass:zigbee2mqtt:duc-nghia',
      category: 'utility',
      subCategory: 'mass_offline',
      severity: 'Moderate',
      title: {
        vi: 'Mất kết nối hàng loạt thiết bị zigbee2mqtt – Phường Đức Nghĩa',
        en: 'Mass device outage: zigbee2mqtt – Phường Đức Nghĩa',
      },
      lat: null,
      lon: null,
      ward: 'duc-nghia',
      time: '2025-05-01T00:00:24.000Z',
      evidence: {
        kind: 'device_offline',
        ref: 'offline-mass:zigbee2mqtt:duc-nghia@x#0',
        data: {
          feed: 'zigbee2mqtt',
          ward: 'duc-nghia',
          count: 25,
          from: '2025-05-01T00:00:00.000Z',
          to: '2025-05-01T00:00:24.000Z',
          devices: devices.map((d) => d.deviceId),
        },
      },
    });
    expect(p.description).toContain('25 zigbee2mqtt device(s) in Phường Đức Nghĩa');
    expect(p.description).toContain('z-19 … (+5)');
    const noWard = massOfflineProposal(
      rule,
      { feed: 'senml', ward: null, wardName: null },
      devices,
      'r',
      300,
    );
    expect(noWard.key).toBe('offline-mass:senml:-');
    expect(noWard.title.en).toBe('Mass device outage: senml – ward unknown');
    // ids up to 200 characters: the description stays within what an incident holds
    const long = devices.map((d) => ({ ...d, deviceId: d.deviceId.padEnd(200, 'x') }));
    expect(Array.from(massOfflineProposal(rule, group, long, 'r', 300).description).length).toBe(4000);
  });

  const signal = (over: Partial<SignalFact>): SignalFact => ({
    kind: 'fiware_alert',
    sourceId: 'urn:ngsi-ld:Alert:1',
    time: '2025-05-01T00:00:00.000Z',
    category: 'traffic',
    subCategory: 'trafficJam',
    severity: 'Severe',
    description: 'The road is completely blocked for 3kms',
    lat: 10.93,
    lon: 108.1,
    contact: null,
    photoUrl: null,
    ...over,
  });

  it('FIWARE Alert: mapped category, key per alert id', () => {
    const rule = FiwareAlertRuleConfigSchema.parse({
      id: 'fiware',
      type: 'fiware_alert',
      map: [{ category: 'traffic', to: 'traffic' }],
    });
    expect(fiwareProposal(rule, signal({}))).toMatchObject({
      key: 'fiware:urn:ngsi-ld:Alert:1',
      category: 'traffic',
      subCategory: 'trafficJam',
      severity: 'Severe',
      title: { vi: 'Cảnh báo FIWARE: traffic/trafficJam', en: 'FIWARE alert: traffic/trafficJam' },
      evidence: { kind: 'fiware_alert', ref: 'urn:ngsi-ld:Alert:1@2025-05-01T00:00:00.000Z' },
    });
  });

  it('citizen report: key per report, category from ours or the default, title from the text', () => {
    const rule = CitizenReportRuleConfigSchema.parse({ id: 'reports', type: 'citizen_report' });
    const p = reportProposal(
      rule,
      signal({
        kind: 'citizen_report',
        sourceId: 'report:abc',
        category: 'Fire',
        description: 'Cháy lớn\nở chợ Phan Thiết, khói đen bốc cao',
        contact: '0909 123 456',
      }),
    );
    expect(p).toMatchObject({
      key: 'report:abc',
      category: 'fire',
      severity: 'Unknown',
      urgency: 'Unknown',
      certainty: 'Possible',
      title: {
        vi: 'Phản ánh của người dân (cháy): Cháy lớn ở chợ Phan Thiết, khói đen bốc cao',
        en: 'Citizen report (fire): Cháy lớn ở chợ Phan Thiết, khói đen bốc cao',
      },
      evidence: {
        kind: 'citizen_report',
        ref: 'report:abc',
        data: { reportId: 'abc', contact: '0909 123 456' },
      },
    });
    expect(reportCategory('ufo', 'other')).toBe('other');
    expect(
      Array.from(reportProposal(rule, signal({ description: 'x'.repeat(500) })).title.en).length,
    ).toBeLessThan(120);
  });

  it('device filters: every given condition must hold', () => {
    expect(matchesDeviceFilter(undefined, station)).toBe(true);
    expect(matchesDeviceFilter({ kinds: ['air_quality'], wards: ['duc-nghia'] }, station)).toBe(true);
    expect(matchesDeviceFilter({ kinds: ['air_quality'], wards: ['mui-ne'] }, station)).toBe(false);
    expect(matchesDeviceFilter({ ids: ['x'] }, station)).toBe(false);
    expect(matchesDeviceFilter({ kinds: ['weather'] }, { ...station, kind: null })).toBe(false);
  });
});
