import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { LiveChannelMessageSchema, type LiveChannelMessage } from '@ioc/contracts/live-channel.schema';

/**
 * Signing of the instances' sensor-state channel. The broker is shared with devices, so whoever can
 * publish there must not be able to speak for a server instance: every message is
 * `<HMAC-SHA256 base64url>.<JSON>`, the MAC taken over the topic and the JSON with a key only the
 * instances hold. The key is derived (HKDF) from the token signing secret they already share
 * (JWT_SECRET, or the one generated into `server_secrets`), under a label of its own, so a channel key
 * can never be used as a token key or the other way round.
 */

/** Bigger than any message the sender makes (500 states); Mosquitto's own limit is 2 MiB. */
export const LIVE_CHANNEL_MAX_BYTES = 2 * 1024 * 1024;
const MAC_CHARS = 43; // 32 bytes in base64url, no padding

export function deriveLiveChannelKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'ioc-live', 'sensor-state channel v1', 32));
}

function mac(key: Buffer, topic: string, body: Buffer | string): Buffer {
  return createHmac('sha256', key).update(topic).update('\n').update(body).digest();
}

export function encodeLiveChannel(key: Buffer, topic: string, msg: LiveChannelMessage): string {
  const body = JSON.stringify(msg);
  return `${mac(key, topic, body).toString('base64url')}.${body}`;
}

export type LiveChannelRefusal = 'too_large' | 'unsigned' | 'bad_signature' | 'invalid' | 'wrong_sender';

export type DecodedLiveChannel =
  { ok: true; msg: LiveChannelMessage } | { ok: false; reason: LiveChannelRefusal; detail?: string };

/** Checks the signature first (nothing unsigned is parsed), then the payload's shape and bounds. */
export function decodeLiveChannel(key: Buffer, topic: string, payload: Buffer): DecodedLiveChannel {
  if (payload.length > LIVE_CHANNEL_MAX_BYTES) return { ok: false, reason: 'too_large' };
  if (payload.length <= MAC_CHARS || payload[MAC_CHARS] !== 0x2e /* . */)
    return { ok: false, reason: 'unsigned' };
  const given = Buffer.from(payload.subarray(0, MAC_CHARS).toString('latin1'), 'base64url');
  const body = payload.subarray(MAC_CHARS + 1);
  const expected = mac(key, topic, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid', detail: 'not JSON' };
  }
  const parsed = LiveChannelMessageSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, reason: 'invalid', detail: `[${i.path.join('.')}] ${i.message}` };
  }
  // The MAC covers the topic, and the topic names the sender: a message re-published under another
  // instance's topic does not verify; this catches a sender that signs under a name not its own.
  if (topic.slice(topic.lastIndexOf('/') + 1) !== parsed.data.src)
    return { ok: false, reason: 'wrong_sender' };
  return { ok: true, msg: parsed.data };
}
