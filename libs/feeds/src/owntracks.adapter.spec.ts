import { createAdapterContext } from './adapter.context';
import { owntracksAdapter } from './owntracks.adapter';
import { bytes, fixtureJson, ofType, rejection, skipped } from '../test/fixture.util';

const ctx = createAdapterContext({ unitTrackers: { 'police-07/phone': 'unit-police-07' } });
const now = new Date('2024-11-22T08:00:03.000Z');
const fixture = fixtureJson('owntracks-location.json') as { topic: string; payload: Record<string, unknown> };

describe('owntracks adapter', () => {
  it('maps the location message (tst seconds) to a unit position', () => {
    const [rec] = ofType(owntracksAdapter(fixture.topic, bytes(fixture.payload), now, ctx), 'unit_position');
    expect(rec.position).toEqual({
      time: '2024-11-22T08:00:00.000Z',
      unitId: 'unit-police-07',
      tracker: 'police-07/phone',
      lat: 10.9289,
      lon: 108.1021,
      accuracy: 8,
      speed: 32,
      heading: 135,
      battery: 76,
      altitude: 6,
      source: 'owntracks',
    });
  });

  it('unmapped tracker keeps the tracker as unit id; -1 speed/heading mean unknown', () => {
    const payload = { _type: 'location', lat: 10.9, lon: 108.1, tst: 1732262400, vel: -1, cog: -1 };
    const [rec] = ofType(
      owntracksAdapter('owntracks/amb-02/tablet', bytes(payload), now, ctx),
      'unit_position',
    );
    expect(rec.position).toMatchObject({
      unitId: 'amb-02/tablet',
      speed: null,
      heading: null,
      accuracy: null,
      battery: null,
      altitude: null,
    });
  });

  it('identity: the topic names the tracker; a body naming another topic is refused', () => {
    const own = { ...fixture.payload, topic: fixture.topic };
    expect(ofType(owntracksAdapter(fixture.topic, bytes(own), now, ctx), 'unit_position')).toHaveLength(1);
    const forged = { ...fixture.payload, topic: 'owntracks/unit/fire-01' };
    expect(rejection(owntracksAdapter(fixture.topic, bytes(forged), now, ctx))).toBe(
      'identity_mismatch: "topic" "owntracks/unit/fire-01" is not the topic it came on "owntracks/police-07/phone"',
    );
  });

  it.each([['transition'], ['lwt'], ['waypoint'], ['card']])('skips _type %s', (type) => {
    expect(skipped(owntracksAdapter(fixture.topic, bytes({ _type: type, tst: 1 }), now, ctx))).toBe(
      `OwnTracks _type "${type}" is not a location`,
    );
  });

  it('skips sub-topics (event, cmd, info)', () => {
    expect(
      skipped(owntracksAdapter('owntracks/police-07/phone/event', bytes(fixture.payload), now, ctx)),
    ).toContain('not a location stream');
  });

  it.each<[string, unknown, string]>([
    ['missing _type', { lat: 1, lon: 1, tst: 1 }, '"_type" missing'],
    ['tst as string', { ...fixture.payload, tst: '1732262400' }, '"tst" must be epoch seconds'],
    ['latitude out of range', { ...fixture.payload, lat: 91 }, 'invalid position lat=91'],
    ['acc wrong type', { ...fixture.payload, acc: '8' }, '"acc" must be a number'],
    ['array', [1], 'message must be a JSON object'],
  ])('rejects %s', (_label, body, reason) => {
    expect(rejection(owntracksAdapter(fixture.topic, bytes(body), now, ctx))).toContain(reason);
  });

  it('rejects random bytes and truncated JSON', () => {
    expect(rejection(owntracksAdapter(fixture.topic, new Uint8Array([0xed, 0xa0, 0x80]), now, ctx))).toBe(
      'invalid UTF-8',
    );
    expect(rejection(owntracksAdapter(fixture.topic, bytes('{"_type":"location","lat":'), now, ctx))).toMatch(
      /^invalid JSON/,
    );
  });
});
