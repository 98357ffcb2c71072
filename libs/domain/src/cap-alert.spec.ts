import { XMLParser } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capAlertXml, capCircle, xmlEscape, type CapIncident, type CapOptions } from './cap-alert';

// cap-1.2-thunderstorm.fixture.xml: OASIS CAP 1.2 Appendix A.2 (Severe Thunderstorm Warning), copied word for
// word from http://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html.
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

const incident: CapIncident = {
  id: 'INC-20250301-0007',
  status: 'new',
  category: 'fire',
  severity: 'Severe',
  urgency: 'Immediate',
  certainty: 'Observed',
  title: 'Cháy tại chợ Phan Thiết <khu A> & "kho"',
  titleEn: 'Fire at Phan Thiet market',
  description: "Khói dày đặc; camera cam-07 phát hiện lửa. 'test'",
  lat: 10.9289,
  lon: 108.1021,
  openedAt: '2025-03-01T07:05:09.123Z',
  updatedAt: '2025-03-01T07:05:09.123Z',
  version: 1,
};
const options: CapOptions = {
  sender: 'ioc.phanthiet@binhthuan.gov.vn',
  senderName: 'IOC Phan Thiết',
  scope: 'Public',
  timeZone: 'Asia/Ho_Chi_Minh',
  areaDesc: { vi: 'Phường Đức Thắng', en: 'Duc Thang ward' },
  radiusKm: 0.2,
};

describe('CAP 1.2 export', () => {
  it('parses the OASIS example with the same parser settings (fixture sanity)', () => {
    const doc = parser.parse(readFileSync(join(__dirname, 'cap-1.2-thunderstorm.fixture.xml'), 'utf8'));
    expect(doc.alert.identifier).toBe('KSTO1055887203');
    expect(doc.alert.info.area.polygon).toMatch(/^38\.47,-120\.14 /);
  });

  it('writes an Alert with offsets, both languages, escaped text and a lat,lon circle', () => {
    const xml = capAlertXml(incident, options);
    const { alert } = parser.parse(xml);
    expect(alert['@_xmlns']).toBe('urn:oasis:names:tc:emergency:cap:1.2');
    expect(alert.identifier).toBe('INC-20250301-0007');
    expect(alert.sent).toBe('2025-03-01T14:05:09+07:00');
    expect(alert.msgType).toBe('Alert');
    expect(alert.references).toBeUndefined();
    expect(alert.info).toHaveLength(2);
    const [vi, en] = alert.info;
    expect(vi.language).toBe('vi-VN');
    expect(en.language).toBe('en-US');
    expect(vi.category).toBe('Fire');
    expect(vi.headline).toBe(incident.title);
    expect(vi.description).toBe(incident.description);
    expect(en.headline).toBe('Fire at Phan Thiet market');
    expect(vi.area.circle).toBe('10.928900,108.102100 0.2');
    expect(vi.area.areaDesc).toBe('Phường Đức Thắng');
    expect(xml).not.toMatch(/\d{2}Z</);
    expect(xml).toContain('&lt;khu A&gt; &amp; &quot;kho&quot;');
  });

  it('writes an Update referencing the original Alert once the incident changed, Cancel when cancelled', () => {
    const changed = {
      ...incident,
      status: 'resolved' as const,
      version: 5,
      updatedAt: '2025-03-01T08:00:00Z',
    };
    const { alert } = parser.parse(capAlertXml(changed, options));
    expect(alert.msgType).toBe('Update');
    expect(alert.identifier).toBe('INC-20250301-0007-v5');
    expect(alert.sent).toBe('2025-03-01T15:00:00+07:00');
    expect(alert.references).toBe(
      'ioc.phanthiet@binhthuan.gov.vn,INC-20250301-0007,2025-03-01T14:05:09+07:00',
    );
    expect(alert.info[0].urgency).toBe('Past');
    expect(alert.info[0].responseType).toBe('AllClear');
    const cancelled = parser.parse(capAlertXml({ ...changed, status: 'cancelled' }, options)).alert;
    expect(cancelled.msgType).toBe('Cancel');
  });

  it('escapes and drops characters XML cannot carry; circle is lat first', () => {
    expect(xmlEscape('a\u0001b<c>')).toBe('ab&lt;c&gt;');
    expect(capCircle(-33.5, 151.25, 1.5)).toBe('-33.500000,151.250000 1.5');
  });
});
