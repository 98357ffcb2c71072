import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JSON Web Tokens (RFC 7519) with node:crypto: we only ever sign and verify our own tokens with one
 * symmetric key, which is a few lines and needs no dependency. `alg` is fixed (no "none", no RS/HS confusion).
 */
export interface JwtClaims {
  sub: string;
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

export type JwtResult =
  { ok: true; claims: JwtClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const HEADER = b64url(Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

export function signJwt(
  claims: Omit<JwtClaims, 'iat' | 'exp'>,
  secret: string,
  ttlS: number,
  nowMs = Date.now(),
): string {
  const iat = Math.floor(nowMs / 1000);
  const body = b64url(Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlS })));
  const input = `${HEADER}.${body}`;
  return `${input}.${b64url(sign(input, secret))}`;
}

export function verifyJwt(token: string, secret: string, nowMs = Date.now()): JwtResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed' };
  const expected = sign(`${parts[0]}.${parts[1]}`, secret);
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'signature' };
  let claims: JwtClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    typeof claims.sub !== 'string' ||
    typeof claims.exp !== 'number'
  )
    return { ok: false, reason: 'malformed' };
  if (claims.exp <= Math.floor(nowMs / 1000)) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
