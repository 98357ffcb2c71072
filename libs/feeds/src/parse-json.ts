/** Strict decoding of MQTT payload bytes: adapters never see replacement characters or half-parsed JSON. */
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(payload: Uint8Array, maxBytes: number): DecodeResult<string> {
  if (!(payload instanceof Uint8Array)) return { ok: false, reason: 'payload is not bytes' };
  if (payload.byteLength > maxBytes) {
    return { ok: false, reason: `payload too large (${payload.byteLength} bytes > ${maxBytes})` };
  }
  if (payload.byteLength === 0) return { ok: false, reason: 'empty payload' };
  try {
    return { ok: true, value: utf8.decode(payload) };
  } catch {
    return { ok: false, reason: 'invalid UTF-8' };
  }
}

export function parseJsonPayload(payload: Uint8Array, maxBytes: number): DecodeResult<unknown> {
  const text = decodeUtf8(payload, maxBytes);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(text.value) as unknown };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, reason: `invalid JSON: ${detail.slice(0, 200)}` };
  }
}
