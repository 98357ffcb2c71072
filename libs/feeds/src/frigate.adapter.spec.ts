import { createAdapterContext } from './adapter.context';
import { frigateAdapter } from './frigate.adapter';
import { bytes, fixtureBytes, fixtureJson, ofType, rejection } from '../test/fixture.util';

const ctx = createAdapterContext({
  frigateCameras: { front_door: 'cam-pt-01', front_cam: 'cam-pt-02' },
  frigateBaseUrl: 'http://nvr.local:5000/',
});
const now = new Date('2020-12-04T23:20:00.000Z');
type Msg = { type: string; before: Record<string, unknown>; after: Record<string, unknown> };
const eventMsg = (): Msg => fixtureJson('frigate-events.json') as Msg;
const ID = '1607123955.475377-mxklsc';

describe('frigate adapter', () => {
  it('maps the docs `update` event (after state) to a camera event', () => {
    const [rec] = ofType(
      frigateAdapter('frigate/events', fixtureBytes('frigate-events.json'), now, ctx),
      'camera_event',
    );
    expect(rec.event).toEqual({
      id: ID,
      camera: 'cam-pt-01',
      frigateCamera: 'front_door',
      phase: 'update',
      label: 'person',
      subLabel: 'John Smith',
      score: 0.87890625,
      topScore: 0.958984375,
      zones: ['yard', 'driveway'],
      startTime: '2020-12-04T23:19:15.475Z',
      endTime: null,
      falsePositive: false,
      hasSnapshot: false,
      hasClip: false,
      snapshotUrl: null,
      clipUrl: null,
      box: [432, 496, 544, 854],
      plate: 'ABC12345',
      source: 'frigate',
    });
  });

  it('`new` opens, `end` closes with end_time; snapshot/clip links only when Frigate has them', () => {
    const msg = eventMsg();
    msg.type = 'new';
    msg.after['sub_label'] = null;
    const [opened] = ofType(frigateAdapter('frigate/events', bytes(msg), now, ctx), 'camera_event');
    expect([opened.event.phase, opened.event.endTime, opened.event.subLabel]).toEqual(['new', null, null]);

    msg.type = 'end';
    msg.after = { ...msg.after, end_time: 1607123970.5, has_snapshot: true, has_clip: true, active: false };
    const [closed] = ofType(frigateAdapter('frigate/events', bytes(msg), now, ctx), 'camera_event');
    expect(closed.event).toMatchObject({
      phase: 'end',
      endTime: '2020-12-04T23:19:30.500Z',
      snapshotUrl: `http://nvr.local:5000/api/events/${ID}/snapshot.jpg`,
      clipUrl: `http://nvr.local:5000/api/events/${ID}/clip.mp4`,
    });
  });

  it('`end` without end_time still closes (last frame time)', () => {
    const msg = eventMsg();
    msg.type = 'end';
    const [closed] = ofType(frigateAdapter('frigate/events', bytes(msg), now, ctx), 'camera_event');
    expect(closed.event.endTime).toBe('2020-12-04T23:19:22.083Z');
  });

  it('no base URL → no links', () => {
    const msg = eventMsg();
    msg.after = { ...msg.after, has_snapshot: true };
    const noLinks = createAdapterContext({ frigateCameras: { front_door: 'cam-pt-01' } });
    const [rec] = ofType(frigateAdapter('frigate/events', bytes(msg), now, noLinks), 'camera_event');
    expect([rec.event.camera, rec.event.frigateCamera, rec.event.snapshotUrl]).toEqual([
      'cam-pt-01',
      'front_door',
      null,
    ]);
  });

  it.each(['back_yard', 'constructor', '__proto__'])(
    'identity: an event or review of a camera not in the city configuration (%s) is refused',
    (camera) => {
      const msg = eventMsg();
      msg.after = { ...msg.after, camera };
      const reason = `identity_mismatch: camera "${camera}" is not a camera of the city configuration (cameras[].frigateName)`;
      expect(rejection(frigateAdapter('frigate/events', bytes(msg), now, ctx))).toBe(reason);
      const review = fixtureJson('frigate-reviews.json') as Msg;
      review.after = { ...review.after, camera };
      expect(rejection(frigateAdapter('frigate/reviews', bytes(review), now, ctx))).toBe(reason);
    },
  );

  it('maps a review (grouped alert/detection)', () => {
    const [rec] = ofType(
      frigateAdapter('frigate/reviews', fixtureBytes('frigate-reviews.json'), now, ctx),
      'camera_review',
    );
    expect(rec.review).toEqual({
      id: '1718987129.308396-fqk5ka',
      camera: 'cam-pt-02',
      frigateCamera: 'front_cam',
      phase: 'update',
      severity: 'alert',
      startTime: '2024-06-21T16:25:29.308Z',
      endTime: null,
      objects: ['person', 'car'],
      zones: ['front_yard'],
      subLabels: ['Bob'],
      detections: ['1718987128.947436-g92ztx', '1718987148.879516-d7oq7r', '1718987126.934663-q5ywpt'],
      source: 'frigate',
    });
  });

  it.each([
    ['online', true],
    ['offline', false],
    ['stopped', false],
  ])('frigate/available %s → availability', (text, online) => {
    const [rec] = ofType(frigateAdapter('frigate/available', bytes(text), now, ctx), 'availability');
    expect(rec.availability).toEqual({
      deviceId: 'frigate',
      online,
      time: now.toISOString(),
      source: 'frigate',
    });
  });

  it.each<[string, string, unknown, string]>([
    ['unknown type', 'frigate/events', { type: 'start', after: {} }, '"type" must be new, update or end'],
    ['missing after', 'frigate/events', { type: 'new' }, '"after" missing'],
    [
      'start_time as string',
      'frigate/events',
      { ...eventMsg(), after: { ...eventMsg().after, start_time: '1607123955' } },
      '"start_time" must be epoch seconds',
    ],
    [
      'score above 1',
      'frigate/events',
      { ...eventMsg(), after: { ...eventMsg().after, score: 2 } },
      '"score" must be a score in [0, 1]',
    ],
    [
      'id with a slash',
      'frigate/events',
      { ...eventMsg(), after: { ...eventMsg().after, id: '../../etc' } },
      'invalid event id',
    ],
    [
      'zones not strings',
      'frigate/events',
      { ...eventMsg(), after: { ...eventMsg().after, entered_zones: [1] } },
      '"entered_zones" must be an array of strings',
    ],
    [
      'review severity',
      'frigate/reviews',
      { type: 'new', after: { id: 'r', camera: 'c', start_time: 1, severity: 'high' } },
      '"severity" must be alert or detection',
    ],
    ['available garbage', 'frigate/available', 'maybe', 'availability must be online, offline or stopped'],
    ['other topic', 'frigate/front_door/person', '1', 'unsupported Frigate topic'],
  ])('rejects %s', (_label, topic, body, reason) => {
    expect(rejection(frigateAdapter(topic, bytes(body), now, ctx))).toContain(reason);
  });

  it('rejects random bytes and truncated JSON', () => {
    expect(rejection(frigateAdapter('frigate/events', new Uint8Array([0xfe, 0xff, 0x01]), now, ctx))).toBe(
      'invalid UTF-8',
    );
    expect(
      rejection(frigateAdapter('frigate/events', bytes('{"type":"new","after":{"id":'), now, ctx)),
    ).toMatch(/^invalid JSON/);
  });
});
