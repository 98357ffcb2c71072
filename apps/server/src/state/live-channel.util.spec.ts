import { createHmac } from 'node:crypto';
import type { LiveChannelMessage } from '@ioc/contracts/live-channel.schema';
import { ReplayGuard } from './live-channel-replay.util';
import { decodeLiveChannel, deriveLiveChannelKey, encodeLiveChannel } from './live-channel.util';

const key = deriveLiveChannelKey('a-shared-secret-of-at-least-32-characters');
const topic = 'ioc-live/g/sensor-state/ingest-1';
const now = Date.parse('2026-12-04T10:00:00Z');

const message = (over: Partial<LiveChannelMessage> = {}): LiveChannelMessage => ({
  v: 1,
  src: 'ingest-1',
  boot: '0123456789abcdef',
  seq: 1,
  sent: now,
  states: [
    { deviceId: 'pt-aq-01', metrics: { pm25: { value: 12.5, unit: 'ug/m3', time: '2026-12-04T09:59:58Z' } } },
  ],
  ...over,
});

/** A payload signed with the right key around any body text (to test the validation behind the MAC). */
function signedText(body: string, t = topic): Buffer {
  const mac = createHmac('sha256', key).update(t).update('\n').update(body).digest('base64url');
  return Buffer.from(`${mac}.${body}`);
}

describe('live channel codec', () => {
  it('round-trips a signed message', () => {
    const d = decodeLiveChannel(key, topic, Buffer.from(encodeLiveChannel(key, topic, message())));
    expect(d).toEqual({ ok: true, msg: message() });
  });

  it.each([
    ['plain JSON (no signature)', () => Buffer.from(JSON.stringify({ states: message().states }))],
    ['empty', () => Buffer.alloc(0)],
    ['too large', () => Buffer.alloc(2 * 1024 * 1024 + 1, 0x20)],
  ])('refuses %s before parsing it', (_what, payload) => {
    const d = decodeLiveChannel(key, topic, payload());
    expect(d.ok).toBe(false);
    expect(d.ok ? null : d.reason).toMatch(/unsigned|too_large/);
  });

  it('refuses a changed body, another topic and another key', () => {
    const good = encodeLiveChannel(key, topic, message());
    const changed = good.replace('12.5', '99.5');
    expect(decodeLiveChannel(key, topic, Buffer.from(changed))).toMatchObject({ reason: 'bad_signature' });
    expect(decodeLiveChannel(key, 'ioc-live/g/sensor-state/ingest-2', Buffer.from(good))).toMatchObject({
      reason: 'bad_signature',
    });
    const other = deriveLiveChannelKey('another-secret-of-at-least-32-characters!!');
    expect(decodeLiveChannel(other, topic, Buffer.from(good))).toMatchObject({ reason: 'bad_signature' });
    // the key is not the secret itself: a MAC made with the raw token secret does not verify
    const raw = Buffer.from('a-shared-secret-of-at-least-32-characters');
    const withRaw = encodeLiveChannel(raw, topic, message());
    expect(decodeLiveChannel(key, topic, Buffer.from(withRaw))).toMatchObject({ reason: 'bad_signature' });
  });

  const state = (metrics: unknown, deviceId: unknown = 'pt-aq-01') => ({ deviceId, metrics });
  const metric = (over: Record<string, unknown> = {}) => ({
    value: 1,
    unit: 'ug/m3',
    time: '2026-12-04T09:59:58Z',
    ...over,
  });
  it.each([
    ['an infinite value (1e999)', JSON.stringify(message()).replace('12.5', '1e999')],
    ['a string value', JSON.stringify({ ...message(), states: [state({ pm25: metric({ value: '12' }) })] })],
    ['a null value', JSON.stringify({ ...message(), states: [state({ pm25: metric({ value: null }) })] })],
    [
      'a time that is not ISO',
      JSON.stringify({ ...message(), states: [state({ pm25: metric({ time: 'yesterday' }) })] }),
    ],
    [
      'an ISO date without time',
      JSON.stringify({ ...message(), states: [state({ pm25: metric({ time: '2026-12-04' }) })] }),
    ],
    [
      'a device id over 200 characters',
      JSON.stringify({ ...message(), states: [state({ pm25: metric() }, 'x'.repeat(201))] }),
    ],
    ['an empty device id', JSON.stringify({ ...message(), states: [state({ pm25: metric() }, '')] })],
    [
      'a metric name over 100 characters',
      JSON.stringify({ ...message(), states: [state({ ['m'.repeat(101)]: metric() })] }),
    ],
    [
      'a unit over 32 characters',
      JSON.stringify({ ...message(), states: [state({ pm25: metric({ unit: 'u'.repeat(33) }) })] }),
    ],
    ['an unknown field', JSON.stringify({ ...message(), states: [state({ pm25: metric({ extra: 1 }) })] })],
    [
      'more than 500 states',
      JSON.stringify({ ...message(), states: Array.from({ length: 501 }, () => state({ pm25: metric() })) }),
    ],
    [
      'more than 256 metrics',
      JSON.stringify({
        ...message(),
        states: [state(Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`m${i}`, metric()])))],
      }),
    ],
    ['a boot that is not 16 hex digits', JSON.stringify({ ...message(), boot: 'xyz' })],
    ['a fractional seq', JSON.stringify({ ...message(), seq: 1.5 })],
    ['another version', JSON.stringify({ ...message(), v: 2 })],
    ['not JSON', '{"v":1,'],
  ])('refuses a signed payload with %s', (_what, body) => {
    expect(decodeLiveChannel(key, topic, signedText(body))).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses a message whose sender is not the topic it was signed for', () => {
    const d = decodeLiveChannel(
      key,
      topic,
      Buffer.from(encodeLiveChannel(key, topic, message({ src: 'ingest-2' }))),
    );
    expect(d).toMatchObject({ ok: false, reason: 'wrong_sender' });
  });
});

describe('replay guard', () => {
  const m = (seq: number, sent = now, boot = '0123456789abcdef') => ({ src: 'ingest-1', boot, seq, sent });

  it('takes increasing seqs of a boot once, refuses repeats and older ones', () => {
    const g = new ReplayGuard(60_000);
    expect(g.check(m(1), now)).toBe('ok');
    expect(g.check(m(2), now)).toBe('ok');
    expect(g.check(m(2), now)).toBe('replayed');
    expect(g.check(m(1), now + 1000)).toBe('replayed');
    expect(g.check(m(3), now + 1000)).toBe('ok');
  });

  it('refuses messages sent outside the window (stale or from the future)', () => {
    const g = new ReplayGuard(60_000);
    expect(g.check(m(1, now - 60_001), now)).toBe('stale');
    expect(g.check(m(1, now + 60_001), now)).toBe('future');
    expect(g.check(m(1, now - 59_000), now)).toBe('ok');
  });

  it("keeps a restarted sender's old boot refused while its new boot counts from 1", () => {
    const g = new ReplayGuard(60_000);
    expect(g.check(m(40, now, 'aaaaaaaaaaaaaaaa'), now)).toBe('ok');
    expect(g.check(m(1, now + 500, 'bbbbbbbbbbbbbbbb'), now + 500)).toBe('ok');
    expect(g.check(m(40, now, 'aaaaaaaaaaaaaaaa'), now + 1000)).toBe('replayed');
    // long after: the old boot is forgotten, and its messages are stale by time
    expect(g.check(m(2, now + 200_000, 'bbbbbbbbbbbbbbbb'), now + 200_000)).toBe('ok');
    expect(g.size).toBe(1);
    expect(g.check(m(40, now, 'aaaaaaaaaaaaaaaa'), now + 200_000)).toBe('stale');
  });
});
