import { createAdapterContext } from './adapter.context';
import { senmlAdapter } from './senml.adapter';
import { bytes, fixtureBytes, ofType, rejection, rows } from '../test/fixture.util';

const ctx = createAdapterContext();
const now = new Date('2024-11-22T08:00:00.000Z');
const DEV = 'urn:dev:ow:10e2073a01080063';

describe('senml adapter', () => {
  it('maps RFC 8428 §5.1.4 (multiple measurements) row by row, lat/lon units → device locations', () => {
    const result = senmlAdapter(`ioc/senml/${DEV}`, fixtureBytes('senml-rfc8428.json'), now, ctx);
    expect(rows(result)).toEqual([
      [DEV, 'humidity', 20, '%RH', '2011-10-31T13:24:24.000Z'],
      [DEV, 'humidity', 20.3, '%RH', '2011-10-31T13:25:24.000Z'],
      [DEV, 'humidity', 20.7, '%RH', '2011-10-31T13:26:24.000Z'],
      [DEV, 'battery', 98, '%EL', '2011-10-31T13:26:54.000Z'],
      [DEV, 'humidity', 21.2, '%RH', '2011-10-31T13:27:24.000Z'],
    ]);
    expect(ofType(result, 'device_location').map((r) => r.location)).toEqual([
      {
        deviceId: DEV,
        lat: 60.07965,
        lon: 24.30621,
        alt: null,
        time: '2011-10-31T13:24:24.000Z',
        source: 'senml',
      },
      {
        deviceId: DEV,
        lat: 60.07965,
        lon: 24.30622,
        alt: null,
        time: '2011-10-31T13:25:24.000Z',
        source: 'senml',
      },
      {
        deviceId: DEV,
        lat: 60.07966,
        lon: 24.30623,
        alt: null,
        time: '2011-10-31T13:26:24.000Z',
        source: 'senml',
      },
      {
        deviceId: DEV,
        lat: 60.07967,
        lon: 24.30628,
        alt: null,
        time: '2011-10-31T13:27:24.000Z',
        source: 'senml',
      },
    ]);
    expect(ofType(result, 'reading').every((r) => r.reading.source === 'senml')).toBe(true);
  });

  it('maps RFC 8428 §5.1.5 (multiple data types): v, vs, vb, vd; no time → received time', () => {
    // bn "urn:dev:ow:10e2073a01080063:" on the topic of its last part: the same device, stored under the topic id
    const readings = ofType(
      senmlAdapter('ioc/senml/10e2073a01080063', fixtureBytes('senml-rfc8428-datatypes.json'), now, ctx),
      'reading',
    ).map((r) => r.reading);
    const t = '2024-11-22T08:00:00.000Z';
    const DEV = '10e2073a01080063';
    expect(readings).toEqual([
      { time: t, deviceId: DEV, metric: 'temp', value: 23.1, valueText: null, unit: 'Cel', source: 'senml' },
      {
        time: t,
        deviceId: DEV,
        metric: 'label',
        value: null,
        valueText: 'Machine Room',
        unit: null,
        source: 'senml',
      },
      { time: t, deviceId: DEV, metric: 'open', value: 0, valueText: null, unit: null, source: 'senml' },
      {
        time: t,
        deviceId: DEV,
        metric: 'nfc-reader',
        value: null,
        valueText: 'aGkgCg',
        unit: null,
        source: 'senml',
      },
    ]);
  });

  it('treats resolved times below 2^28 as relative to receivedAt (negative = past)', () => {
    const pack = [
      { bn: 'wl-01/', bt: -60, bu: 'm', n: 'level', v: 1.2 },
      { n: 'level', t: 30, v: 1.3 },
      { n: 'level', bt: 0, t: 10, v: 1.4 },
    ];
    expect(rows(senmlAdapter('ioc/senml/wl-01', bytes(pack), now, ctx))).toEqual([
      ['wl-01', 'level', 1.2, 'm', '2024-11-22T07:59:00.000Z'],
      ['wl-01', 'level', 1.3, 'm', '2024-11-22T07:59:30.000Z'],
      ['wl-01', 'level', 1.4, 'm', '2024-11-22T08:00:10.000Z'],
    ]);
  });

  it('carries bn, bt, bu, bv, bs forward until changed (gateway topic: bn names the device); s becomes <metric>_sum', () => {
    const pack = [
      { bn: 'aq-01:', bt: 1732262400, bu: 'ug/m3', bv: 10, bs: 100, n: 'pm25', v: 2.5 },
      { n: 'pm10', t: 60, v: 5, s: 7 },
      { bn: 'aq-02:', n: 'pm25', u: 'ug/m3', v: 1 },
      { n: 'rain', u: 'mm', bv: 0, s: 3 },
    ];
    expect(rows(senmlAdapter('ioc/senml', bytes(pack), now, ctx))).toEqual([
      ['aq-01', 'pm25', 12.5, 'ug/m3', '2024-11-22T08:00:00.000Z'],
      ['aq-01', 'pm10', 15, 'ug/m3', '2024-11-22T08:01:00.000Z'],
      ['aq-01', 'pm10_sum', 107, 'ug/m3', '2024-11-22T08:01:00.000Z'],
      ['aq-02', 'pm25', 11, 'ug/m3', '2024-11-22T08:00:00.000Z'],
      ['aq-02', 'rain_sum', 103, 'mm', '2024-11-22T08:00:00.000Z'],
    ]);
  });

  it('takes the device from the topic when there is no base name; lat/lon by name with alt', () => {
    const pack = [
      { n: 'pm25', u: 'ug/m3', v: 12, t: 1732262400 },
      { n: 'lat', v: 10.93, t: 1732262400 },
      { n: 'lon', v: 108.1, t: 1732262400 },
      { n: 'alt', u: 'm', v: 5, t: 1732262400 },
    ];
    const result = senmlAdapter('ioc/senml/aq-phanthiet-01', bytes(pack), now, ctx);
    expect(rows(result)).toEqual([['aq-phanthiet-01', 'pm25', 12, 'ug/m3', '2024-11-22T08:00:00.000Z']]);
    expect(ofType(result, 'device_location')[0].location).toEqual({
      deviceId: 'aq-phanthiet-01',
      lat: 10.93,
      lon: 108.1,
      alt: 5,
      time: '2024-11-22T08:00:00.000Z',
      source: 'senml',
    });
  });

  describe('identity: the topic names the device', () => {
    const at = new Date('2026-12-04T08:00:00.000Z');
    const forged = [
      { bn: 'pt-aq-01:', bt: 1796371200, n: 'pm25', u: 'ug/m3', v: 999 },
      { n: 'lat', v: 10.5 },
      { n: 'lon', v: 107.5 },
    ];

    it('refuses a base name naming another device (readings and position), with identity_mismatch', () => {
      expect(rejection(senmlAdapter('ioc/senml/devA', bytes(forged), at, ctx))).toBe(
        'identity_mismatch: record 0: base name "pt-aq-01:" names another device than the topic\'s "devA"',
      );
    });

    it('refuses a pack that switches to another base name half-way', () => {
      const pack = [
        { bn: 'devA:', n: 'pm25', u: 'ug/m3', v: 1 },
        { bn: 'pt-aq-01:', n: 'pm25', u: 'ug/m3', v: 2 },
      ];
      expect(rejection(senmlAdapter('ioc/senml/devA', bytes(pack), at, ctx))).toMatch(
        /^identity_mismatch: record 1: base name "pt-aq-01:"/,
      );
    });

    it.each([
      ['another URN', 'urn:dev:ow:pt-aq-01:'],
      ['a URN whose last part only ends with the id', 'urn:dev:ow:xdevA:'],
      ['a URN that is not a device URN', 'urn:foo:devA:'],
      ['a sub-device of the topic id', 'devA/sub/'],
    ])('refuses %s (%s)', (_label, bn) => {
      expect(rejection(senmlAdapter('ioc/senml/devA', bytes([{ bn, n: 'pm25', v: 1 }]), at, ctx))).toMatch(
        /^identity_mismatch: /,
      );
    });

    it.each([
      ['its own id', 'devA'],
      ['its own id with ":"', 'devA:'],
      ['its own id with "/"', 'devA/'],
      ['an RFC 8428 device URN ending in it', 'urn:dev:mac:devA:'],
      ['the URN scheme in capitals', 'URN:DEV:ow:devA'],
    ])('accepts %s (%s), stored under the topic id', (_label, bn) => {
      expect(rows(senmlAdapter('ioc/senml/devA', bytes([{ bn, n: 'pm25', v: 1 }]), at, ctx))).toEqual([
        ['devA', 'pm25', 1, null, '2026-12-04T08:00:00.000Z'],
      ]);
    });
  });

  it('accepts a single record object as a pack of one', () => {
    expect(rows(senmlAdapter('ioc/senml/d', bytes({ n: 'x', v: 1 }), now, ctx))).toEqual([
      ['d', 'x', 1, null, '2024-11-22T08:00:00.000Z'],
    ]);
  });

  it.each([
    ['random bytes', new Uint8Array([0xff, 0xfe, 0x00, 0x81]), 'invalid UTF-8'],
    ['truncated JSON', bytes('[{"bn":"d:","v":1'), 'invalid JSON'],
    ['empty pack', bytes([]), 'empty SenML pack'],
    ['not an object', bytes([1, 2]), 'record 0: not an object'],
    [
      'string value in v',
      bytes([{ bn: 'd:', n: 't', v: '21.5' }]),
      'record 0: "v" must be a finite number, got string "21.5"',
    ],
    [
      'Infinity (1e999)',
      bytes('[{"bn":"d:","n":"t","v":1e999}]'),
      'record 0: "v" must be a finite number, got Infinity',
    ],
    ['vb not boolean', bytes([{ bn: 'd:', n: 'open', vb: 'false' }]), 'record 0: "vb" must be a boolean'],
    ['missing value', bytes([{ bn: 'd:', n: 't' }]), 'record 0: no value (v, vs, vb, vd) or sum (s)'],
    ['two values', bytes([{ bn: 'd:', n: 't', v: 1, vs: 'x' }]), 'record 0: more than one value field'],
    [
      'must-understand field',
      bytes([{ bn: 'd:', n: 't', v: 1, crit_: true }]),
      'unsupported must-understand field "crit_"',
    ],
    ['newer version', bytes([{ bver: 11, bn: 'd:', n: 't', v: 1 }]), 'unsupported SenML version bver=11'],
    ['invalid name', bytes([{ bn: 'd:', n: 'bad name', v: 1 }]), 'record 0: invalid SenML name "d:bad name"'],
    [
      'lat without lon',
      bytes([{ bn: 'd:', n: 'lat', v: 10 }]),
      'lat without lon for d at 2024-11-22T08:00:00.000Z',
    ],
    [
      'latitude out of range',
      bytes([
        { bn: 'd:', n: 'lat', v: 100 },
        { n: 'lon', v: 10 },
      ]),
      'latitude out of range: 100',
    ],
    ['time out of range', bytes([{ bn: 'd:', n: 't', v: 1, t: 1e15 }]), 'record 0: time out of range'],
  ])('rejects %s', (_label, payload, reason) => {
    expect(rejection(senmlAdapter('ioc/senml/d', payload, now, ctx))).toContain(reason);
  });

  it('rejects a pack with no device id (no bn, topic not ioc/senml/<device>)', () => {
    expect(rejection(senmlAdapter('sensors/x', bytes([{ n: 't', v: 1 }]), now, ctx))).toContain(
      'no device id',
    );
  });

  it('rejects a payload above the size limit before parsing', () => {
    const small = createAdapterContext({ maxPayloadBytes: 10 });
    expect(rejection(senmlAdapter('ioc/senml/d', bytes([{ n: 't', v: 12345 }]), now, small))).toBe(
      'payload too large (21 bytes > 10)',
    );
  });
});
