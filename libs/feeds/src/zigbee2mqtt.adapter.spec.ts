import { createAdapterContext } from './adapter.context';
import { zigbee2mqttAdapter } from './zigbee2mqtt.adapter';
import { bytes, fixtureText, ofType, rejection, rows, skipped } from '../test/fixture.util';

const ctx = createAdapterContext();
const now = new Date('2024-01-10T18:43:00.500Z');
const NOW = now.toISOString();
const lines = fixtureText('zigbee2mqtt-state.jsonl')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { topic: string; payload: unknown });
const run = (i: number) => zigbee2mqttAdapter(lines[i].topic, bytes(lines[i].payload), now, ctx);

describe('zigbee2mqtt adapter', () => {
  it('line 1: nested friendly name, no last_seen → received time; update_available skipped', () => {
    const d = 'bedroom/motion';
    expect(rows(run(0))).toEqual([
      [d, 'battery', 100, '%', NOW],
      [d, 'linkquality', 18, 'lqi', NOW],
      [d, 'occupancy', 1, null, NOW],
      [d, 'temperature', 19.9, '°C', NOW],
      [d, 'illuminance', 16994, null, NOW],
      [d, 'illuminance_lux', 49, 'lx', NOW],
    ]);
  });

  it('line 2: ISO last_seen with offset is the reading time; booleans are 1/0', () => {
    const d = 'BAD_LEAK01';
    const t = '2024-01-10T18:42:48.000Z';
    expect(rows(run(1))).toEqual([
      [d, 'battery', 100, '%', t],
      [d, 'battery_low', 0, null, t],
      [d, 'device_temperature', 23, '°C', t],
      [d, 'linkquality', 73, 'lqi', t],
      [d, 'power_outage_count', 21, null, t],
      [d, 'tamper', 0, null, t],
      [d, 'voltage', 3015, 'mV', t],
      [d, 'water_leak', 1, null, t],
    ]);
  });

  it('line 3: full cached state', () => {
    const d = 'AZ_TEMP';
    const t = '2024-01-09T23:17:18.000Z';
    expect(rows(run(2))).toEqual([
      [d, 'battery', 83, '%', t],
      [d, 'humidity', 76.55, '%', t],
      [d, 'linkquality', 99, 'lqi', t],
      [d, 'power_outage_count', 49943, null, t],
      [d, 'pressure', 1008.8, 'hPa', t],
      [d, 'temperature', 20.76, '°C', t],
      [d, 'voltage', 2975, 'mV', t],
    ]);
  });

  it('identity: the topic names the device; include_device_information naming another one is refused', () => {
    const own = { temperature: 21, device: { friendlyName: 'AZ_TEMP', ieeeAddr: '0x00158d0001' } };
    expect(rows(zigbee2mqttAdapter('zigbee2mqtt/AZ_TEMP', bytes(own), now, ctx))).toEqual([
      ['AZ_TEMP', 'temperature', 21, '°C', NOW],
    ]);
    const forged = { temperature: 99, device: { friendlyName: 'BAD_LEAK01', ieeeAddr: '0x00158d0002' } };
    expect(rejection(zigbee2mqttAdapter('zigbee2mqtt/AZ_TEMP', bytes(forged), now, ctx))).toBe(
      'identity_mismatch: device.friendlyName "BAD_LEAK01" is not the topic\'s device "AZ_TEMP"',
    );
  });

  it('line 4: docs example', () => {
    expect(rows(run(3))).toEqual([
      ['FRIENDLY_NAME', 'temperature', 27.34, '°C', NOW],
      ['FRIENDLY_NAME', 'humidity', 44.72, '%', NOW],
    ]);
  });

  it('reads last_seen as epoch milliseconds and as local time with offset', () => {
    const epoch = zigbee2mqttAdapter(
      'zigbee2mqtt/a',
      bytes({ temperature: 20, last_seen: 1704912168000 }),
      now,
      ctx,
    );
    expect(rows(epoch)).toEqual([['a', 'temperature', 20, '°C', '2024-01-10T18:42:48.000Z']]);
    const local = zigbee2mqttAdapter(
      'zigbee2mqtt/a',
      bytes({ temperature: 20, last_seen: '2024-01-11T01:42:48+07:00' }),
      now,
      ctx,
    );
    expect(rows(local)).toEqual([['a', 'temperature', 20, '°C', '2024-01-10T18:42:48.000Z']]);
  });

  it('flattens nested objects one level, ignores strings, arrays and the update block', () => {
    const state = {
      state: 'ON',
      brightness: 254,
      color: { x: 0.3, y: 0.4, name: 'warm' },
      update: { state: 'idle', installed_version: 1, latest_version: 2 },
      action: 'single',
      scenes: [1, 2],
      pm25: 12,
    };
    expect(rows(zigbee2mqttAdapter('zigbee2mqtt/lamp', bytes(state), now, ctx))).toEqual([
      ['lamp', 'brightness', 254, null, NOW],
      ['lamp', 'color_x', 0.3, null, NOW],
      ['lamp', 'color_y', 0.4, null, NOW],
      ['lamp', 'pm25', 12, 'µg/m³', NOW],
    ]);
  });

  it.each([
    ['zigbee2mqtt/bridge/state', 'online', 'bridge topic'],
    ['zigbee2mqtt/bridge/devices', '[]', 'bridge topic'],
    ['zigbee2mqtt/bridge/event', '{"type":"device_joined"}', 'bridge topic'],
    ['zigbee2mqtt/lamp/set', '{"state":"ON"}', 'command topic'],
    ['zigbee2mqtt/lamp/get', '{"state":""}', 'command topic'],
    ['zigbee2mqtt/living/lamp/set/state', 'ON', 'command topic'],
    ['zigbee2mqtt/button', '{"action":"single"}', 'no numeric or boolean values'],
  ])('skips %s', (topic, payload, reason) => {
    expect(skipped(zigbee2mqttAdapter(topic, bytes(payload), now, ctx))).toContain(reason);
  });

  it('maps /availability (JSON and legacy text) to availability records', () => {
    const json = zigbee2mqttAdapter(
      'zigbee2mqtt/bedroom/motion/availability',
      bytes({ state: 'offline' }),
      now,
      ctx,
    );
    expect(ofType(json, 'availability')[0].availability).toEqual({
      deviceId: 'bedroom/motion',
      online: false,
      time: NOW,
      source: 'zigbee2mqtt',
    });
    const text = zigbee2mqttAdapter('zigbee2mqtt/AZ_TEMP/availability', bytes('online'), now, ctx);
    expect(ofType(text, 'availability')[0].availability.online).toBe(true);
    expect(
      rejection(zigbee2mqttAdapter('zigbee2mqtt/AZ_TEMP/availability', bytes('maybe'), now, ctx)),
    ).toContain('availability must be');
  });

  it.each([
    ['random bytes', new Uint8Array([0xc3, 0x28, 0xa0, 0xa1]), 'invalid UTF-8'],
    ['truncated JSON', bytes('{"temperature": 2'), 'invalid JSON'],
    ['non-object state', bytes('"ON"'), 'device state must be a JSON object'],
    ['array state', bytes([1, 2]), 'device state must be a JSON object, got array'],
    ['Infinity', bytes('{"temperature":1e999}'), 'temperature: value is not finite'],
    ['bad last_seen', bytes({ temperature: 1, last_seen: 'yesterday' }), 'last_seen: not an ISO-8601 time'],
    [
      'last_seen wrong type',
      bytes({ temperature: 1, last_seen: true }),
      'last_seen must be a time string or epoch ms',
    ],
  ])('rejects %s', (_label, payload, reason) => {
    expect(rejection(zigbee2mqttAdapter('zigbee2mqtt/dev', payload, now, ctx))).toContain(reason);
  });
});
