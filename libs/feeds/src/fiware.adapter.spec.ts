import { createAdapterContext } from './adapter.context';
import { fiwareAdapter } from './fiware.adapter';
import { bytes, fixtureBytes, fixtureJson, ofType, rejection, rows, skipped } from '../test/fixture.util';

const ctx = createAdapterContext(); // naive times read as +07:00
const now = new Date('2024-11-22T08:00:00.000Z');
const AQ_ID = 'urn:ngsi-ld:AirQualityObserved:Madrid-AmbientObserved-28079004-2016-03-15T11:00:00';
const AQ_TOPIC = `ngsi-ld/AirQualityObserved/${AQ_ID}`;

describe('fiware adapter', () => {
  it('AirQualityObserved keyValues: numeric attributes → readings (no units), naive dateObserved at +07:00, Point → location', () => {
    const result = fiwareAdapter(
      AQ_TOPIC,
      fixtureBytes('fiware-AirQualityObserved.keyvalues.jsonld'),
      now,
      ctx,
    );
    const d = 'Madrid-AmbientObserved-28079004-2016-03-15T11:00:00';
    const t = '2016-03-15T04:00:00.000Z';
    expect(rows(result)).toEqual([
      [d, 'co', 500, null, t],
      [d, 'no', 45, null, t],
      [d, 'no2', 69, null, t],
      [d, 'nox', 139, null, t],
      [d, 'so2', 11, null, t],
      [d, 'airQualityIndex', 65, null, t],
      [d, 'precipitation', 0, null, t],
      [d, 'relativeHumidity', 0.54, null, t],
      [d, 'temperature', 12.2, null, t],
      [d, 'windDirection', 180, null, t],
      [d, 'windSpeed', 0.64, null, t],
    ]);
    expect(ofType(result, 'device_location').map((r) => r.location)).toEqual([
      { deviceId: d, lat: 40.423852777777775, lon: -3.712247222222222, alt: null, time: t, source: 'fiware' },
    ]);
  });

  it('naive times follow ctx.naiveTimeOffset: "Z" reads UTC, "reject" dead-letters', () => {
    const payload = fixtureBytes('fiware-AirQualityObserved.keyvalues.jsonld');
    expect(
      rows(fiwareAdapter(AQ_TOPIC, payload, now, createAdapterContext({ naiveTimeOffset: 'Z' })))[0][4],
    ).toBe('2016-03-15T11:00:00.000Z');
    expect(
      rejection(fiwareAdapter(AQ_TOPIC, payload, now, createAdapterContext({ naiveTimeOffset: 'reject' }))),
    ).toBe('dateObserved: time has no UTC offset: "2016-03-15T11:00:00"');
  });

  it('AirQualityObserved normalized (bridge notification topic): unitCode GQ = µg/m³, GP = mg/m³, observedAt per attribute, refDevice as device id', () => {
    const result = fiwareAdapter(
      'ngsi-ld/AirQualityObserved',
      fixtureBytes('fiware-AirQualityObserved.normalized.jsonld'),
      now,
      ctx,
    );
    const d = 'aq-phanthiet-01';
    expect(rows(result)).toEqual([
      [d, 'pm25', 38.5, 'µg/m³', '2024-11-22T07:00:00.000Z'],
      [d, 'pm10', 61, 'µg/m³', '2024-11-22T07:00:00.000Z'],
      [d, 'co', 0.9, 'mg/m³', '2024-11-22T06:55:00.000Z'],
      [d, 'no2', 42.1, 'µg/m³', '2024-11-22T07:00:00.000Z'],
      [d, 'temperature', 29.4, '°C', '2024-11-22T07:00:00.000Z'],
      [d, 'relativeHumidity', 0.78, 'C62', '2024-11-22T07:00:00.000Z'],
    ]);
    expect(ofType(result, 'device_location')[0].location).toEqual({
      deviceId: d,
      lat: 10.9289,
      lon: 108.1021,
      alt: null,
      time: '2024-11-22T07:00:00.000Z',
      source: 'fiware',
    });
  });

  it('keyValues and normalized forms of the same entity give the same readings', () => {
    const keyValues = fixtureJson('fiware-AirQualityObserved.keyvalues.jsonld') as Record<string, unknown>;
    const normalized: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(keyValues)) {
      normalized[k] =
        k === 'id' || k === 'type' || k === '@context'
          ? v
          : { type: k === 'location' ? 'GeoProperty' : 'Property', value: v };
    }
    expect(rows(fiwareAdapter(AQ_TOPIC, bytes(normalized), now, ctx))).toEqual(
      rows(fiwareAdapter(AQ_TOPIC, bytes(keyValues), now, ctx)),
    );
  });

  it('TrafficFlowObserved normalized: {"@type":"DateTime"} interval → its end; laneId/reversedLane not readings; LineString → no location', () => {
    const id = 'urn:ngsi-ld:TrafficFlowObserved:TrafficFlowObserved-Valladolid-osm-60821110';
    const result = fiwareAdapter(
      `ngsi-ld/TrafficFlowObserved/${id}`,
      fixtureBytes('fiware-TrafficFlowObserved.normalized.jsonld'),
      now,
      ctx,
    );
    const d = 'TrafficFlowObserved-Valladolid-osm-60821110';
    const t = '2016-12-07T04:15:00.000Z';
    expect(rows(result)).toEqual([
      [d, 'averageHeadwayTime', 0.5, null, t],
      [d, 'averageVehicleLength', 9.87, null, t],
      [d, 'averageVehicleSpeed', 52.6, null, t],
      [d, 'intensity', 197, null, t],
      [d, 'occupancy', 0.76, null, t],
    ]);
    expect(ofType(result, 'device_location')).toEqual([]);
  });

  it('WaterQualityObserved keyValues: every numeric attribute, UTC dateObserved, Point location', () => {
    const id = 'urn:ngsi-ld:WaterQualityObserved:waterqualityobserved:Sevilla:D1';
    const result = fiwareAdapter(
      `ngsi-ld/WaterQualityObserved/${id}`,
      fixtureBytes('fiware-WaterQualityObserved.keyvalues.jsonld'),
      now,
      ctx,
    );
    const r = rows(result);
    expect(new Set(r.map((x) => x[0]))).toEqual(new Set(['waterqualityobserved:Sevilla:D1']));
    expect(new Set(r.map((x) => x[4]))).toEqual(new Set(['2017-01-31T06:45:00.000Z']));
    expect(r.map((x) => [x[1], x[2]])).toEqual([
      ['NO3', 0.01],
      ['conductivity', 0.005],
      ['pH', 7.4],
      ['temperature', 24.4],
      ['flow', 127.53],
      ['alkalinity', 0.1],
      ['TKN', 1],
      ['NO2', 0.09],
      ['N-TOT', 6],
      ['P-TOT', 0.6],
      ['P-PO4', 0.5],
      ['Al', 0.01],
      ['As', 0],
      ['B', 0.2],
      ['Ba', 0],
      ['Cd', 0.001],
      ['Cr', 0],
      ['Cr-III', 0],
      ['Cr-VI', 0],
      ['Cu', 0],
      ['Fe', 0],
      ['fluoride', 0.1],
      ['Hg', 0],
      ['THC', 0],
      ['Ni', 0],
      ['TO', 0.01],
      ['Pb', 0],
      ['Se', 0],
      ['Sn', 0],
      ['sulphate', 143.3],
      ['sulphite', 0],
      ['anionic-surfactants', 0.3],
      ['cationic-surfactants', 0.2],
      ['non-ionic-surfactants', 0.1],
      ['total-surfactants', 0.3],
      ['Zn', 0],
    ]);
    expect(ofType(result, 'device_location')[0].location).toMatchObject({ lat: 37.362882, lon: -5.993307 });
  });

  it('Alert → incident signal with CAP severity', () => {
    const raw = fixtureJson('fiware-Alert.keyvalues.jsonld');
    const result = fiwareAdapter(
      'ngsi-ld/Alert/urn:ngsi-ld:Alert:Alert:1',
      fixtureBytes('fiware-Alert.keyvalues.jsonld'),
      now,
      ctx,
    );
    expect(ofType(result, 'signal').map((r) => r.signal)).toEqual([
      {
        kind: 'fiware_alert',
        sourceId: 'urn:ngsi-ld:Alert:Alert:1',
        time: '2017-01-02T09:25:55.000Z',
        category: 'traffic',
        subCategory: 'trafficJam',
        severity: 'Severe',
        description: 'The road is completely blocked for 3kms',
        lat: 40.423852777777775,
        lon: -3.712247222222222,
        contact: null,
        photoUrl: null,
        raw,
        source: 'fiware',
      },
    ]);
  });

  it.each([
    ['critical', 'Extreme'],
    ['medium', 'Moderate'],
    ['low', 'Minor'],
    ['informational', 'Minor'],
    ['whatever', 'Unknown'],
  ])('maps Alert severity %s → %s', (severity, cap) => {
    const alert = {
      id: 'urn:ngsi-ld:Alert:2',
      type: 'Alert',
      category: 'weather',
      severity,
      description: 'Mưa lớn\u202Egây ngập',
    };
    const [signal] = ofType(fiwareAdapter('ngsi-ld/Alert/2', bytes(alert), now, ctx), 'signal');
    expect(signal.signal.severity).toBe(cap);
    expect(signal.signal.description).toBe('Mưa lớngây ngập');
    expect(signal.signal.time).toBe(now.toISOString());
  });

  it('accepts an NGSI-LD notification {data:[…]} and an expanded type URI', () => {
    const entity = {
      id: 'urn:ngsi-ld:WaterQualityObserved:wq-1',
      type: 'https://smartdatamodels.org/dataModel.WaterQuality/WaterQualityObserved',
      pH: 7.1,
      dateObserved: '2024-11-22T07:00:00Z',
    };
    const result = fiwareAdapter(
      'ngsi-ld/WaterQualityObserved/urn:ngsi-ld:WaterQualityObserved:wq-1',
      bytes({ type: 'Notification', data: [entity] }),
      now,
      ctx,
    );
    expect(rows(result)).toEqual([['wq-1', 'pH', 7.1, null, '2024-11-22T07:00:00.000Z']]);
  });

  describe('identity: an entity topic names the entity', () => {
    const normalized = fixtureJson('fiware-AirQualityObserved.normalized.jsonld') as Record<string, unknown>;
    const topic = 'ngsi-ld/AirQualityObserved/urn:ngsi-ld:AirQualityObserved:pt-aq-16';
    const own = { id: 'urn:ngsi-ld:AirQualityObserved:pt-aq-16', type: 'AirQualityObserved', pm25: 12 };

    it('refuses another entity id on an entity topic', () => {
      const other = { ...own, id: 'urn:ngsi-ld:AirQualityObserved:pt-aq-01' };
      expect(rejection(fiwareAdapter(topic, bytes(other), now, ctx))).toBe(
        'identity_mismatch: entity "urn:ngsi-ld:AirQualityObserved:pt-aq-01" is not the topic\'s entity "urn:ngsi-ld:AirQualityObserved:pt-aq-16"',
      );
    });

    it('refuses a refDevice pointing at another device (the readings would be stored under it)', () => {
      const body = { ...own, refDevice: 'urn:ngsi-ld:Device:pt-aq-01' };
      expect(rejection(fiwareAdapter(topic, bytes(body), now, ctx))).toMatch(
        /^identity_mismatch: refDevice "urn:ngsi-ld:Device:pt-aq-01" is not the device of the topic's entity/,
      );
      // the project's normalized example names device aq-phanthiet-01 for entity PhanThiet-AQ-01
      expect(
        rejection(
          fiwareAdapter(
            'ngsi-ld/AirQualityObserved/urn:ngsi-ld:AirQualityObserved:PhanThiet-AQ-01',
            bytes(normalized),
            now,
            ctx,
          ),
        ),
      ).toMatch(/^identity_mismatch: refDevice/);
    });

    it('refuses one foreign entity in a notification on an entity topic', () => {
      const body = { type: 'Notification', data: [own, { ...own, id: 'urn:ngsi-ld:AirQualityObserved:x' }] };
      expect(rejection(fiwareAdapter(topic, bytes(body), now, ctx))).toMatch(
        /^identity_mismatch: entity 1: entity "urn:ngsi-ld:AirQualityObserved:x"/,
      );
    });

    it('accepts its own id (full or short topic form) and a refDevice naming its own device', () => {
      const body = { ...own, refDevice: 'urn:ngsi-ld:Device:pt-aq-16' };
      expect(rows(fiwareAdapter(topic, bytes(body), now, ctx))).toEqual([
        ['pt-aq-16', 'pm25', 12, null, now.toISOString()],
      ]);
      expect(rows(fiwareAdapter('ngsi-ld/AirQualityObserved/pt-aq-16', bytes(own), now, ctx))).toEqual([
        ['pt-aq-16', 'pm25', 12, null, now.toISOString()],
      ]);
    });

    it('refuses an Alert whose id is not the topic entity', () => {
      const alert = { id: 'urn:ngsi-ld:Alert:forged', type: 'Alert', category: 'fire' };
      expect(rejection(fiwareAdapter('ngsi-ld/Alert/urn:ngsi-ld:Alert:1', bytes(alert), now, ctx))).toMatch(
        /^identity_mismatch: entity "urn:ngsi-ld:Alert:forged"/,
      );
    });
  });

  it('an observed entity with no numeric attribute is a skip', () => {
    expect(
      skipped(
        fiwareAdapter(
          'ngsi-ld/AirQualityObserved/x',
          bytes({ id: 'x', type: 'AirQualityObserved', airQualityLevel: 'good' }),
          now,
          ctx,
        ),
      ),
    ).toBeTruthy();
  });

  it.each([
    [
      'unsupported type',
      'ngsi-ld/Building/b1',
      { id: 'b1', type: 'Building' },
      'unsupported NGSI-LD entity type "Building"',
    ],
    [
      'type differs from topic',
      'ngsi-ld/Alert/a',
      { id: 'a', type: 'AirQualityObserved', co: 1 },
      'differs from topic type "Alert"',
    ],
    ['no type', 'ngsi-ld/Alert/a', { id: 'a' }, 'entity has no type'],
    ['not an object', 'ngsi-ld/Alert/a', '"text"', 'entity must be a JSON object'],
    [
      'bad dateObserved',
      'ngsi-ld/AirQualityObserved/a',
      { id: 'a', type: 'AirQualityObserved', co: 1, dateObserved: '2016-02-30T10:00:00Z' },
      'dateObserved: invalid date-time',
    ],
    [
      'dateObserved number',
      'ngsi-ld/AirQualityObserved/a',
      { id: 'a', type: 'AirQualityObserved', co: 1, dateObserved: 5 },
      'dateObserved must be a date-time string',
    ],
    ['Alert without category', 'ngsi-ld/Alert/a', { id: 'a', type: 'Alert' }, 'Alert has no category'],
    [
      'Alert description not a string',
      'ngsi-ld/Alert/a',
      { id: 'a', type: 'Alert', category: 'x', description: 5 },
      'description must be a string',
    ],
    [
      'Point out of range',
      'ngsi-ld/AirQualityObserved/a',
      { id: 'a', type: 'AirQualityObserved', co: 1, location: { type: 'Point', coordinates: [200, 10] } },
      'longitude out of range',
    ],
    ['empty notification', 'ngsi-ld/Alert/a', { data: [] }, 'no entities in payload'],
  ])('rejects %s', (_label, topic, body, reason) => {
    expect(rejection(fiwareAdapter(topic, bytes(body), now, ctx))).toContain(reason);
  });

  it('rejects Infinity and truncated JSON', () => {
    expect(
      rejection(
        fiwareAdapter(
          'ngsi-ld/AirQualityObserved/a',
          bytes('{"id":"a","type":"AirQualityObserved","co":-1e999}'),
          now,
          ctx,
        ),
      ),
    ).toBe('co: value is not finite (-Infinity)');
    expect(
      rejection(fiwareAdapter('ngsi-ld/AirQualityObserved/a', bytes('{"id":"a","type":"AirQ'), now, ctx)),
    ).toMatch(/^invalid JSON/);
  });
});
