import { createHmac } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt.util';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

describe('HS256 JWT', () => {
  it('round-trips claims and sets iat/exp', () => {
    const t = signJwt({ sub: 'u1', role: 'admin' }, secret, 60, 1_700_000_000_000);
    const r = verifyJwt(t, secret, 1_700_000_030_000);
    expect(r).toEqual({
      ok: true,
      claims: { sub: 'u1', role: 'admin', iat: 1_700_000_000, exp: 1_700_000_060 },
    });
  });

  it('is a standard HS256 JWT (signature = HMAC-SHA256 of header.payload)', () => {
    const t = signJwt({ sub: 'u1' }, secret, 60);
    const [h, p, s] = t.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(s).toBe(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'));
  });

  it('rejects expired tokens, other keys, tampered payloads and alg=none', () => {
    const t = signJwt({ sub: 'u1', role: 'operator' }, secret, 60, 1_700_000_000_000);
    expect(verifyJwt(t, secret, 1_700_000_060_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyJwt(t, 'another-secret', 1_700_000_000_000)).toEqual({ ok: false, reason: 'signature' });
    const [h, , s] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'admin', iat: 1, exp: 9e9 })).toString(
      'base64url',
    );
    expect(verifyJwt(`${h}.${forged}.${s}`, secret).ok).toBe(false);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyJwt(`${none}.${forged}.`, secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyJwt('garbage', secret)).toEqual({ ok: false, reason: 'malformed' });
  });
});
