import { ADAPTERS, adaptMessage } from './adapter.registry';
import { createAdapterContext } from './adapter.context';
import {
  DEFAULT_ROUTES,
  isValidFilter,
  matchTopic,
  mergeRoutes,
  routeTopic,
  sharedFilter,
  subscriptionFilters,
} from './topic.router';
import { bytes, rejection, skipped } from '../test/fixture.util';

describe('matchTopic', () => {
  it.each([
    ['sport/tennis/#', 'sport/tennis/player1', true],
    ['sport/tennis/#', 'sport/tennis/player1/ranking', true],
    ['sport/tennis/#', 'sport/tennis', true],
    ['sport/#', 'sports', false],
    ['#', 'a/b/c', true],
    ['#', '$SYS/broker', false],
    ['+/broker', '$SYS/broker', false],
    ['$SYS/#', '$SYS/broker', true],
    ['sport/+', 'sport/', true],
    ['sport/+', 'sport', false],
    ['sport/+/player1', 'sport/tennis/player1', true],
    ['+/+', '/finance', true],
    ['/+', '/finance', true],
    ['+', '/finance', false],
    ['v3/+/devices/+/up', 'v3/app1@tenant1/devices/dev1/up', true],
    ['v3/+/devices/+/up', 'v3/app1/devices/dev1/down/queued', false],
    ['owntracks/+/+', 'owntracks/u/d/event', false],
    ['a/b', 'a/+', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(matchTopic(filter, topic)).toBe(expected);
  });
});

describe('routeTopic', () => {
  it.each([
    ['frigate/events', 'frigate'],
    ['frigate/reviews', 'frigate'],
    ['frigate/available', 'frigate'],
    ['zigbee2mqtt/bedroom/motion', 'zigbee2mqtt'],
    ['zigbee2mqtt/bridge/state', 'zigbee2mqtt'],
    ['v3/app1@tenant1/devices/dev1/up', 'ttn'],
    ['ioc/senml/aq-01', 'senml'],
    ['ngsi-ld/Alert/urn:ngsi-ld:Alert:1', 'fiware'],
    ['owntracks/police-07/phone', 'owntracks'],
    ['ioc/reports', 'citizen-report'],
  ])('%s → %s', (topic, adapter) => {
    expect(routeTopic(topic, DEFAULT_ROUTES)?.adapter).toBe(adapter);
  });

  it('unknown topics have no route', () => {
    expect(routeTopic('frigate/front_door/person', DEFAULT_ROUTES)).toBeNull();
    expect(routeTopic('random/topic', DEFAULT_ROUTES)).toBeNull();
  });

  it('every default route names a registered adapter', () => {
    for (const r of DEFAULT_ROUTES) expect(typeof ADAPTERS[r.adapter]).toBe('function');
  });
});

describe('mergeRoutes / subscriptions', () => {
  it('overrides win, replace defaults with the same filter, and extra filters are added first', () => {
    const merged = mergeRoutes([
      { filter: 'city/+/senml', adapter: 'senml', retained: 'skip' },
      { filter: 'ioc/reports', adapter: 'citizen-report', retained: 'accept' },
    ]);
    expect(merged[0].filter).toBe('city/+/senml');
    expect(merged.filter((r) => r.filter === 'ioc/reports')).toEqual([
      { filter: 'ioc/reports', adapter: 'citizen-report', retained: 'accept' },
    ]);
    expect(merged).toHaveLength(DEFAULT_ROUTES.length + 1);
    expect(routeTopic('city/hue/senml', merged)?.adapter).toBe('senml');
  });

  it('throws on an invalid filter (start-up configuration error)', () => {
    expect(() => mergeRoutes([{ filter: 'a/#/b', adapter: 'senml', retained: 'skip' }])).toThrow(
      'invalid MQTT topic filter "a/#/b"',
    );
    expect(isValidFilter('a/b+')).toBe(false);
    expect(isValidFilter('a/+/#')).toBe(true);
  });

  it('lists distinct subscription filters and builds shared ones', () => {
    expect(subscriptionFilters(DEFAULT_ROUTES)).toEqual([
      'frigate/events',
      'frigate/reviews',
      'frigate/available',
      'zigbee2mqtt/#',
      'v3/+/devices/+/up',
      'ioc/senml/#',
      'ngsi-ld/+/#',
      'owntracks/+/+',
      'ioc/reports',
    ]);
    expect(sharedFilter('ioc-ingest', 'zigbee2mqtt/#')).toBe('$share/ioc-ingest/zigbee2mqtt/#');
  });
});

describe('adaptMessage', () => {
  const ctx = createAdapterContext();
  const now = new Date('2024-11-22T08:00:00.000Z');

  it('routes and adapts; no route → rejection "no route"', () => {
    const ok = adaptMessage('ioc/senml/d', bytes([{ n: 't', v: 1 }]), now, ctx, DEFAULT_ROUTES);
    expect(ok.adapter).toBe('senml');
    expect(ok.result.ok && ok.result.records).toHaveLength(1);
    const none = adaptMessage('x/y', bytes('{}'), now, ctx, DEFAULT_ROUTES);
    expect(none.adapter).toBeNull();
    expect(rejection(none.result)).toBe('no route');
  });

  it('skips retained messages unless the route accepts them (availability is current state)', () => {
    const retainedState = adaptMessage(
      'zigbee2mqtt/a',
      bytes({ temperature: 1 }),
      now,
      ctx,
      DEFAULT_ROUTES,
      true,
    );
    expect(skipped(retainedState.result)).toContain('retained message');
    const retainedAvailable = adaptMessage(
      'frigate/available',
      bytes('online'),
      now,
      ctx,
      DEFAULT_ROUTES,
      true,
    );
    expect(retainedAvailable.result.ok && retainedAvailable.result.records[0].type).toBe('availability');
  });
});
