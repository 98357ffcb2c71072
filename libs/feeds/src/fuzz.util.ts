import { mulberry32 } from '@ioc/domain/mulberry32.prng';
import type { AdapterName } from './adapter.types';
import { fixtureText } from '../test/fixture.util';

/**
 * Seeded payload generator for the adapter fuzz tests: random bytes, byte-level mutations of the real
 * fixtures, structure-aware JSON mutations (fields replaced, deleted, added with the fixtures' own keys)
 * and random JSON. The same seed always gives the same payloads, so a failure names a reproducible case.
 */
const enc = new TextEncoder();
const lines = (name: string) =>
  fixtureText(name)
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { topic: string; payload: unknown });
const owntracks = lines('owntracks-location.json')[0];

/** Valid topics and seed payloads per adapter; mutations start from these so they reach deep code paths. */
export const SEEDS: Record<AdapterName, { topics: string[]; payloads: unknown[] }> = {
  senml: {
    // the fixtures' base name is urn:dev:ow:10e2073a01080063: its own topic, another device's, the gateway topic
    topics: ['ioc/senml/10e2073a01080063', 'ioc/senml/aq-01', 'ioc/senml/', 'ioc/senml/a/b'],
    payloads: [
      JSON.parse(fixtureText('senml-rfc8428.json')),
      JSON.parse(fixtureText('senml-rfc8428-datatypes.json')),
    ],
  },
  zigbee2mqtt: {
    topics: [
      'zigbee2mqtt/bedroom/motion',
      'zigbee2mqtt/a/availability',
      'zigbee2mqtt/bridge/state',
      'zigbee2mqtt/a/set',
      'zigbee2mqtt/',
    ],
    payloads: lines('zigbee2mqtt-state.jsonl').map((l) => l.payload),
  },
  ttn: {
    topics: ['v3/app1@tenant1/devices/dev1/up', 'v3/app1/devices/dev1/up', 'v3/app1/devices/dev1/join'],
    payloads: [JSON.parse(fixtureText('tts-v3-uplink.json'))],
  },
  fiware: {
    topics: [
      'ngsi-ld/AirQualityObserved/x',
      'ngsi-ld/Alert/x',
      'ngsi-ld/TrafficFlowObserved/x',
      'ngsi-ld/WaterQualityObserved/x',
      // notification topics (no entity in the topic), where the fixtures' own ids are accepted
      'ngsi-ld/AirQualityObserved',
      'ngsi-ld/Alert',
      'ngsi-ld',
    ],
    payloads: [
      'fiware-AirQualityObserved.keyvalues.jsonld',
      'fiware-AirQualityObserved.normalized.jsonld',
      'fiware-Alert.keyvalues.jsonld',
      'fiware-TrafficFlowObserved.normalized.jsonld',
      'fiware-WaterQualityObserved.keyvalues.jsonld',
    ].map((f) => JSON.parse(fixtureText(f))),
  },
  frigate: {
    topics: ['frigate/events', 'frigate/reviews', 'frigate/available'],
    payloads: [
      JSON.parse(fixtureText('frigate-events.json')),
      JSON.parse(fixtureText('frigate-reviews.json')),
      'online',
    ],
  },
  owntracks: { topics: [owntracks.topic, 'owntracks/a/b/c', 'owntracks/x/y'], payloads: [owntracks.payload] },
  'citizen-report': {
    topics: ['ioc/reports'],
    payloads: [
      {
        text: 'Ngập sâu trước chợ',
        category: 'flood',
        lat: 10.9,
        lon: 108.1,
        contact: '0901',
        photoUrl: 'https://e.org/a.jpg',
      },
    ],
  },
};

export function makeGen(rand: () => number) {
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const NUMBERS = [
    0,
    -1,
    1,
    0.5,
    1e308,
    -1e308,
    2 ** 28,
    2 ** 28 - 1,
    1.320067464e9,
    1e15,
    -0,
    91,
    181,
    361,
    255,
  ];
  const STRINGS = [
    '',
    ' ',
    'online',
    'offline',
    'new',
    'end',
    'update',
    'alert',
    'location',
    'Point',
    'Property',
    'GQ',
    'lat',
    'lon',
    '2016-03-15T11:00:00',
    '2020-02-12T15:15:45.789585559Z',
    '1e999',
    'NaN',
    '\u0000',
    '\u202E',
    '\uD800',
    'ế'.repeat(50),
    'a'.repeat(300),
    'javascript:x',
  ];
  function value(depth: number, keys: string[]): unknown {
    const r = rand();
    if (depth <= 0 || r < 0.45) {
      const k = int(5);
      if (k === 0) return rand() < 0.5 ? pick(NUMBERS) : (rand() - 0.5) * 10 ** int(12);
      if (k === 1) return pick(STRINGS);
      if (k === 2) return rand() < 0.5;
      if (k === 3) return null;
      return int(1000);
    }
    if (r < 0.7) return Array.from({ length: int(5) }, () => value(depth - 1, keys));
    const obj: Record<string, unknown> = {};
    for (let i = int(6); i > 0; i--)
      obj[rand() < 0.8 && keys.length > 0 ? pick(keys) : pick(STRINGS)] = value(depth - 1, keys);
    return obj;
  }
  /** Replace, delete or add one field somewhere in a parsed seed. */
  function mutateJson(seed: unknown, keys: string[]): unknown {
    const copy = JSON.parse(JSON.stringify(seed)) as unknown;
    for (let n = 1 + int(3); n > 0; n--) {
      let node = copy;
      for (let d = int(4); d > 0; d--) {
        const children = node !== null && typeof node === 'object' ? Object.values(node) : [];
        const next = children.filter((c) => c !== null && typeof c === 'object');
        if (next.length === 0) break;
        node = pick(next);
      }
      if (node === null || typeof node !== 'object') continue;
      const target = node as Record<string, unknown>;
      const existing = Object.keys(target);
      const key =
        existing.length > 0 && rand() < 0.7 ? pick(existing) : pick(keys.length > 0 ? keys : STRINGS);
      if (rand() < 0.25) delete target[key];
      else target[key] = value(2, keys);
    }
    return copy;
  }
  function mutateBytes(b: Uint8Array): Uint8Array {
    const out = Array.from(b);
    const op = int(4);
    if (op === 0) return new Uint8Array(out.slice(0, int(out.length + 1)));
    if (op === 1) for (let i = 1 + int(4); i > 0; i--) out[int(out.length)] = int(256);
    if (op === 2) out.splice(int(out.length + 1), 0, ...Array.from({ length: 1 + int(8) }, () => int(256)));
    if (op === 3)
      out.splice(
        int(out.length + 1),
        0,
        ...enc.encode(pick([',', '"', '{', ']', '1e999', 'null', '\\u0000'])),
      );
    return new Uint8Array(out);
  }
  return { int, pick, value, mutateJson, mutateBytes };
}

export function collectKeys(v: unknown, into: Set<string>): Set<string> {
  if (v !== null && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) {
      if (!Array.isArray(v)) into.add(k);
      collectKeys(c, into);
    }
  }
  return into;
}

export interface FuzzCase {
  topic: string;
  payload: Uint8Array;
}

/** `n` payloads for one adapter's topics, reproducible from `seed`. */
export function* fuzzCases(name: AdapterName, n: number, seed: number): Generator<FuzzCase> {
  const seeds = SEEDS[name];
  const rand = mulberry32(seed);
  const g = makeGen(rand);
  const keys = [...collectKeys(seeds.payloads, new Set<string>())];
  const seedBytes = seeds.payloads.map((p) => enc.encode(typeof p === 'string' ? p : JSON.stringify(p)));
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    let payload: Uint8Array;
    if (kind === 0) payload = new Uint8Array(Array.from({ length: g.int(300) }, () => g.int(256)));
    else if (kind === 1) payload = g.mutateBytes(g.pick(seedBytes));
    else if (kind === 2)
      payload = enc.encode(JSON.stringify(g.mutateJson(g.pick(seeds.payloads), keys)) ?? 'null');
    else payload = enc.encode(JSON.stringify(g.value(4, keys)) ?? 'null');
    const topic =
      rand() < 0.9
        ? g.pick(seeds.topics)
        : `${g.pick(seeds.topics)}/${g.pick(['x', '', 'set', 'availability', 'up'])}`;
    yield { topic, payload };
  }
}

/** The seed each adapter's stream starts from (the one the 2,000-case spec has always used). */
export const fuzzSeed = (name: AdapterName, salt = 0) =>
  0x10c + name.length * 7919 + name.charCodeAt(0) + salt;
