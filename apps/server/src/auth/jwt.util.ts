import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * HS256 JSON Web Tokens (RFC 7519) through `jose`: we only ever sign and verify our own tokens with one
 * symmetric key. `alg` is pinned to HS256 on verify (no "none", no RS/HS confusion). The tokens are the
 * ones the hand-rolled signer made before (header `{"alg":"HS256","typ":"JWT"}`, claims then iat, exp),
 * so tokens issued before an upgrade stay valid.
 */
export interface JwtClaims {
  sub: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export type JwtResult =
  { ok: true; claims: JwtClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const encoder = new TextEncoder();

export function signJwt(
  claims: Omit<JwtClaims, 'iat' | 'exp'>,
  secret: string,
  ttlS: number,
  nowMs = Date.now(),
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlS)
    .sign(encoder.encode(secret));
}

export async function verifyJwt(token: string, secret: string, nowMs = Date.now()): Promise<JwtResult> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(secret), {
      algorithms: ['HS256'],
      currentDate: new Date(nowMs),
      requiredClaims: ['sub', 'exp'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number')
      return { ok: false, reason: 'malformed' };
    return { ok: true, claims: payload as JwtClaims };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    if (e instanceof errors.JWSSignatureVerificationFailed) return { ok: false, reason: 'signature' };
    return { ok: false, reason: 'malformed' };
  }
}
