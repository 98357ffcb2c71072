import { decodeUtf8, parseJsonPayload } from './parse-json';

const enc = (s: string) => new TextEncoder().encode(s);

describe('parseJsonPayload', () => {
  it('parses UTF-8 JSON and drops a leading BOM', () => {
    expect(parseJsonPayload(enc('{"tên":"Phan Thiết"}'), 100)).toEqual({
      ok: true,
      value: { tên: 'Phan Thiết' },
    });
    expect(parseJsonPayload(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('[1]')]), 100)).toEqual({
      ok: true,
      value: [1],
    });
  });

  it.each([
    ['lone continuation byte', [0x80]],
    ['overlong encoding', [0xc0, 0xaf]],
    ['UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['truncated sequence', [0x7b, 0xe1, 0xbb]],
  ])('rejects %s as invalid UTF-8', (_label, b) => {
    expect(parseJsonPayload(new Uint8Array(b), 100)).toEqual({ ok: false, reason: 'invalid UTF-8' });
  });

  it('rejects truncated JSON with the parser message', () => {
    const r = parseJsonPayload(enc('{"a": [1, 2'), 100);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^invalid JSON: .+/);
  });

  it('rejects empty and oversize payloads before decoding', () => {
    expect(parseJsonPayload(new Uint8Array(0), 100)).toEqual({ ok: false, reason: 'empty payload' });
    expect(parseJsonPayload(new Uint8Array(101), 100)).toEqual({
      ok: false,
      reason: 'payload too large (101 bytes > 100)',
    });
    expect(decodeUtf8(enc('online'), 6)).toEqual({ ok: true, value: 'online' });
  });

  it('rejects something that is not bytes', () => {
    expect(parseJsonPayload('{}' as unknown as Uint8Array, 100)).toEqual({
      ok: false,
      reason: 'payload is not bytes',
    });
  });
});
