import { createHmac } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt.util';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The token the hand-rolled signer made before jose: tokens already issued must keep working. */
function formerToken(claims: Record<string, unknown>, key: string, iat: number, ttlS: number): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat, exp: iat + ttlS })}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

describe('HS256 JWT', () => {
  it('round-trips claims and sets iat/exp', async () => {
    const t = await signJwt({ sub: 'u1', role: 'admin' }, secret, 60, 1_700_000_000_000);
    const r = await verifyJwt(t, secret, 1_700_000_030_000);
    expect(r).toEqual({
      ok: true,
      claims: { sub: 'u1', role: 'admin', iat: 1_700_000_000, exp: 1_700_000_060 },
    });
  });

  it('is a standard HS256 JWT (signature = HMAC-SHA256 of header.payload)', async () => {
    const t = await signJwt({ sub: 'u1' }, secret, 60);
    const [h, p, s] = t.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(s).toBe(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'));
  });

  it('signs exactly the tokens of the former signer, and accepts them', async () => {
    const claims = { sub: 'u1', username: 'admin', role: 'admin', typ: 'access' };
    const former = formerToken(claims, secret, 1_700_000_000, 900);
    expect(await signJwt(claims, secret, 900, 1_700_000_000_000)).toBe(former);
    expect(await verifyJwt(former, secret, 1_700_000_100_000)).toEqual({
      ok: true,
      claims: { ...claims, iat: 1_700_000_000, exp: 1_700_000_900 },
    });
  });

  it('rejects expired tokens, other keys, tampered payloads and alg=none', async () => {
    const t = await signJwt({ sub: 'u1', role: 'operator' }, secret, 60, 1_700_000_000_000);
    expect(await verifyJwt(t, secret, 1_700_000_060_000)).toEqual({ ok: false, reason: 'expired' });
    expect(await verifyJwt(t, 'another-secret', 1_700_000_000_000)).toEqual({
      ok: false,
      reason: 'signature',
    });
    const [h, , s] = t.split('.');
    const forged = b64({ sub: 'u1', role: 'admin', iat: 1, exp: 9e9 });
    expect((await verifyJwt(`${h}.${forged}.${s}`, secret)).ok).toBe(false);
    const none = b64({ alg: 'none', typ: 'JWT' });
    expect(await verifyJwt(`${none}.${forged}.`, secret)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyJwt('garbage', secret)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a correctly signed token without sub or exp', async () => {
    const noSub = formerToken({ role: 'admin' }, secret, 1_700_000_000, 60);
    expect(await verifyJwt(noSub, secret, 1_700_000_000_000)).toEqual({ ok: false, reason: 'malformed' });
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u1', iat: 1_700_000_000 })}`;
    const noExp = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    expect(await verifyJwt(noExp, secret, 1_700_000_000_000)).toEqual({ ok: false, reason: 'malformed' });
  });
});
