import { createAdapterContext } from './adapter.context';
import { ttnAdapter, ttnDedupeKey } from './ttn.adapter';
import {
  bytes,
  fixtureBytes,
  fixtureJson,
  ofType,
  rejection,
  records,
  rows,
  skipped,
} from '../test/fixture.util';

const ctx = createAdapterContext();
const now = new Date('2020-02-12T15:15:47.000Z');
const TOPIC = 'v3/app1@tenant1/devices/dev1/up';
type Up = { uplink_message: Record<string, unknown>; [k: string]: unknown };
const uplink = (): Up => fixtureJson('tts-v3-uplink.json') as Up;

describe('ttn adapter', () => {
  it('maps the TTS v3 docs uplink: decoded_payload readings, ns time, locations.user, dedupe key', () => {
    const result = ttnAdapter(TOPIC, fixtureBytes('tts-v3-uplink.json'), now, ctx);
    const t = '2020-02-12T15:15:45.789Z';
    expect(rows(result)).toEqual([
      ['dev1', 'temperature', 1, null, t],
      ['dev1', 'luminosity', 0.64, null, t],
    ]);
    expect(ofType(result, 'device_location').map((r) => r.location)).toEqual([
      { deviceId: 'dev1', lat: 37.97155556731436, lon: 23.72678801175413, alt: 10, time: t, source: 'ttn' },
    ]);
    expect(result.ok && result.dedupeKey).toBe('ttn:0004A30B001C0530:AXA50tHUGUucuzS/bCGMNw==:1');
  });

  it('truncates nanosecond times to milliseconds (never rounds into the next second)', () => {
    const up = uplink();
    up.uplink_message['received_at'] = '2020-02-12T15:15:45.999999999Z';
    expect(rows(ttnAdapter(TOPIC, bytes(up), now, ctx))[0][4]).toBe('2020-02-12T15:15:45.999Z');
    delete up.uplink_message['received_at'];
    expect(rows(ttnAdapter(TOPIC, bytes(up), now, ctx))[0][4]).toBe('2020-02-12T15:15:46.014Z');
  });

  it('accepts the open-source topic form without tenant', () => {
    expect(
      rows(ttnAdapter('v3/app1/devices/dev1/up', fixtureBytes('tts-v3-uplink.json'), now, ctx)),
    ).toHaveLength(2);
  });

  it('skips simulated uplinks and non-uplink events', () => {
    const up = uplink();
    up['simulated'] = true;
    expect(skipped(ttnAdapter(TOPIC, bytes(up), now, ctx))).toBe('simulated uplink');
    expect(skipped(ttnAdapter('v3/app1/devices/dev1/join', bytes({}), now, ctx))).toBe(
      'TTS event "join" is not ingested',
    );
  });

  it('dedupe key: f_cnt omitted means 0; devices without DevEUI use the device id', () => {
    const up = uplink();
    delete up.uplink_message['f_cnt'];
    expect(ttnDedupeKey(up)).toBe('ttn:0004A30B001C0530:AXA50tHUGUucuzS/bCGMNw==:0');
    delete (up['end_device_ids'] as Record<string, unknown>)['dev_eui'];
    delete up.uplink_message['session_key_id'];
    expect(ttnDedupeKey(up)).toBe('ttn:dev:dev1:-:0');
  });

  it('prefers locations.frm-payload (measured) over user (configured)', () => {
    const up = uplink();
    (up.uplink_message['locations'] as Record<string, unknown>)['frm-payload'] = {
      latitude: 10.93,
      longitude: 108.1,
      source: 'SOURCE_GPS',
    };
    const loc = ofType(ttnAdapter(TOPIC, bytes(up), now, ctx), 'device_location');
    expect(loc.map((r) => [r.location.lat, r.location.lon, r.location.alt])).toEqual([[10.93, 108.1, null]]);
  });

  it('uses normalized_payload when there is no decoded_payload (per-item time), and decoder lat/lon as location', () => {
    const up = uplink();
    delete up.uplink_message['decoded_payload'];
    delete up.uplink_message['locations'];
    up.uplink_message['normalized_payload'] = [
      { air: { temperature: 21.5, relativeHumidity: 40 }, time: '2020-02-12T15:00:00Z' },
      { air: { temperature: 21.7 } },
    ];
    expect(rows(ttnAdapter(TOPIC, bytes(up), now, ctx))).toEqual([
      ['dev1', 'air.temperature', 21.5, null, '2020-02-12T15:00:00.000Z'],
      ['dev1', 'air.relativeHumidity', 40, null, '2020-02-12T15:00:00.000Z'],
      ['dev1', 'air.temperature', 21.7, null, '2020-02-12T15:15:45.789Z'],
    ]);
    const gps = uplink();
    delete gps.uplink_message['locations'];
    gps.uplink_message['decoded_payload'] = {
      latitude: 10.93,
      longitude: 108.1,
      battery: 3.6,
      gps: { sats: 7 },
      status: 'ok',
    };
    const result = ttnAdapter(TOPIC, bytes(gps), now, ctx);
    expect(rows(result).map((r) => [r[1], r[2]])).toEqual([
      ['battery', 3.6],
      ['gps_sats', 7],
    ]);
    expect(ofType(result, 'device_location')[0].location).toMatchObject({ lat: 10.93, lon: 108.1 });
  });

  it('MAC-only uplink (no frm_payload) is skipped; an undecoded payload is rejected', () => {
    const up = uplink();
    delete up.uplink_message['decoded_payload'];
    expect(rejection(ttnAdapter(TOPIC, bytes(up), now, ctx))).toContain('uplink not decoded');
    delete up.uplink_message['frm_payload'];
    expect(skipped(ttnAdapter(TOPIC, bytes(up), now, ctx))).toContain('MAC-only');
  });

  it.each<[string, (up: Up) => unknown, string]>([
    [
      'topic/payload device mismatch',
      (up) => ({ ...up, end_device_ids: { device_id: 'dev2' } }),
      'identity_mismatch: end_device_ids.device_id "dev2" is not the topic\'s device "dev1"',
    ],
    [
      'topic/payload application mismatch',
      (up) => ({ ...up, end_device_ids: { device_id: 'dev1', application_ids: { application_id: 'app2' } } }),
      'identity_mismatch: end_device_ids.application_ids.application_id "app2" is not the topic\'s application "app1"',
    ],
    ['missing device id', (up) => ({ ...up, end_device_ids: {} }), 'end_device_ids.device_id missing'],
    ['missing uplink_message', (up) => ({ ...up, uplink_message: undefined }), 'uplink_message missing'],
    [
      'decoded_payload not an object',
      (up) => ({ ...up, uplink_message: { ...up.uplink_message, decoded_payload: [1] } }),
      'decoded_payload must be an object',
    ],
    [
      'received_at without offset',
      (up) => ({ ...up, uplink_message: { ...up.uplink_message, received_at: '2020-02-12T15:15:45' } }),
      'time has no UTC offset',
    ],
    [
      'received_at garbage',
      (up) => ({ ...up, uplink_message: { ...up.uplink_message, received_at: 42 } }),
      'received_at must be a string',
    ],
    [
      'Infinity value',
      () => '{"end_device_ids":{"device_id":"dev1"},"uplink_message":{"decoded_payload":{"t":1e999}}}',
      't: value is not finite',
    ],
    [
      'bad location',
      (up) => ({
        ...up,
        uplink_message: { ...up.uplink_message, locations: { user: { latitude: 'x', longitude: 1 } } },
      }),
      'latitude out of range',
    ],
  ])('rejects %s', (_label, mutate, reason) => {
    expect(rejection(ttnAdapter(TOPIC, bytes(mutate(uplink())), now, ctx))).toContain(reason);
  });

  it('rejects random bytes and truncated JSON', () => {
    expect(rejection(ttnAdapter(TOPIC, new Uint8Array([0x80, 0x81]), now, ctx))).toBe('invalid UTF-8');
    const text = new TextDecoder().decode(fixtureBytes('tts-v3-uplink.json'));
    expect(rejection(ttnAdapter(TOPIC, bytes(text.slice(0, 200)), now, ctx))).toMatch(/^invalid JSON: /);
    expect(records(ttnAdapter(TOPIC, bytes(text), now, ctx))).toHaveLength(3);
  });
});
