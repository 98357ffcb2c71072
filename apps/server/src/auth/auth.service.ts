import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AuthEvent, AuthOutcome } from '@ioc/contracts/auth-event.schema';
import type { AuthUser, TokenResponse } from '@ioc/contracts/auth.schema';
import { BOOT, type BootContext } from '../config/boot.context';
import { AuthRepository } from './auth.repository';
import { signJwt, verifyJwt } from './jwt.util';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './password.util';
import { ThrottleRepository } from './throttle.repository';
import { UsersRepository } from './users.repository';

/** Login refused because of too many recent failures; `retryAfterS` goes into Retry-After. */
export class LoginThrottledError extends Error {
  constructor(
    readonly retryAfterS: number,
    /** throttled: this address tried too often; locked: the account, from any address. */
    readonly reason: 'throttled' | 'locked' = 'throttled',
  ) {
    super(reason === 'locked' ? 'account temporarily locked' : 'too many failed logins');
  }
}

/** The request's user: who, which role, and a responder's unit. */
const authUser = (u: Pick<AuthUser, 'id' | 'username' | 'role'> & { unitId?: string | null }): AuthUser => ({
  id: u.id,
  username: u.username,
  role: u.role,
  ...(u.role === 'responder' ? { unitId: u.unitId ?? null } : {}),
});

/** Where a login came from, for throttling and the audit trail. */
export interface LoginOrigin {
  ip: string;
  userAgent?: string | null;
}

/** `expiresAt`: the token's `exp` (epoch seconds); long-lived sockets close then. */
export type Authentication = { ok: true; user: AuthUser; expiresAt: number } | { ok: false; reason: string };

/**
 * Tokens and logins. Access tokens are short-lived HS256 JWTs; refresh tokens are opaque, stored hashed and
 * rotated on every use. The signing key is JWT_SECRET or a secret generated once in the database.
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly log = new Logger('auth');
  private secret = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly repo: AuthRepository,
    private readonly throttle: ThrottleRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  async onModuleInit(): Promise<void> {
    const c = this.boot.config;
    this.secret = c.JWT_SECRET ?? (await this.repo.secret('jwt'));
    await this.ensureFirstAdmin();
    await this.repo.pruneRefresh();
  }

  private async ensureFirstAdmin(): Promise<void> {
    if (await this.users.hasUsers()) return;
    const c = this.boot.config;
    const password = c.IOC_ADMIN_PASSWORD ?? generatePassword();
    const created = await this.users.createFirstAdmin({
      username: c.IOC_ADMIN_USERNAME,
      passwordHash: await hashPassword(password),
    });
    if (!created) return; // another instance won the race
    if (c.IOC_ADMIN_PASSWORD) {
      this.log.log(`first admin "${created.username}" created with IOC_ADMIN_PASSWORD`);
      return;
    }
    // Printed straight to stdout, whatever LOG_LEVEL says: it is shown this once and never stored in clear.
    const line = `First admin created. Username: ${created.username}  Password: ${password}`;
    const note = 'Shown once. Log in and keep it safe (or set IOC_ADMIN_PASSWORD before first start).';
    const width = Math.max(line.length, note.length) + 2;
    const pad = (s: string) => `║ ${s.padEnd(width - 1)}║`;
    process.stdout.write(`\n╔${'═'.repeat(width)}╗\n${pad(line)}\n${pad(note)}\n╚${'═'.repeat(width)}╝\n\n`);
  }

  /**
   * Checks a password login; unknown users, wrong passwords and inactive accounts look the same. Three
   * counters: per username + address (throttling a guesser), per username from anywhere (locking the
   * account against a distributed guess) and per address whatever the username (a spray of usernames).
   * Unknown usernames are counted and locked alike, so a lock says nothing about whether the account
   * exists. The attempt is counted as a failure *before* the password hash is verified, atomically with
   * the check (ThrottleRepository.reserve): of many concurrent guesses only as many as the limits allow
   * reach argon2. A success then hands its counts back. Every attempt is audited.
   */
  async login(username: string, password: string, origin: LoginOrigin): Promise<TokenResponse | null> {
    const c = this.boot.config;
    const name = username.toLowerCase();
    // Distinct prefixes, and the address (which holds no "|") last: no username can forge another key.
    const ipKey = `user-ip|${name}|${origin.ip}`;
    const accountKey = `user|${name}`;
    const addressKey = `ip|${origin.ip}`;
    const audit = (outcome: AuthOutcome, userId: string | null = null) =>
      this.repo.recordEvent({
        username,
        userId,
        ip: origin.ip,
        userAgent: origin.userAgent ?? null,
        outcome,
      });
    const slot = await this.throttle.reserve('login_failures', [
      { key: ipKey, limit: c.LOGIN_MAX_FAILURES, windowS: c.LOGIN_WINDOW_S },
      { key: accountKey, limit: c.LOGIN_LOCKOUT_FAILURES, windowS: c.LOGIN_LOCKOUT_S },
      { key: addressKey, limit: c.LOGIN_ADDRESS_MAX_FAILURES, windowS: c.LOGIN_ADDRESS_WINDOW_S },
    ]);
    if (!slot.ok) {
      const locked = slot.key === accountKey;
      await audit(locked ? 'locked' : 'throttled');
      throw new LoginThrottledError(slot.retryAfterS, locked ? 'locked' : 'throttled');
    }
    const user = await this.users.byUsername(username);
    // Unknown users are verified against a dummy hash so the answer takes as long as a wrong password.
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok || !user.active) {
      await audit('failure', user?.id ?? null);
      return null;
    }
    // The username's counters start again; the address keeps its other failures (one valid account must
    // not reset a spray's count) and only this attempt's is handed back.
    await this.throttle.clear('login_failures', ipKey);
    await this.throttle.clear('login_failures', accountKey);
    await this.throttle.release('login_failures', addressKey, slot.ids.get(addressKey)!);
    await this.users.touchLogin(user.id);
    await audit('success', user.id);
    return this.issue(authUser(user));
  }

  /** The authentication audit trail, newest first (admin). */
  events(q: { username?: string; outcome?: AuthOutcome; limit: number }): Promise<AuthEvent[]> {
    return this.repo.events(q);
  }

  /** Rotates a refresh token into a new pair; null when it is unknown, expired, reused or the user inactive. */
  async refresh(refreshToken: string, origin?: LoginOrigin): Promise<TokenResponse | null> {
    const r = await this.repo.spendRefresh(refreshToken);
    if (r.kind === 'reused') {
      this.log.warn(`refresh token reused for user ${r.userId}: all its sessions revoked`);
      const user = await this.users.byId(r.userId);
      await this.repo.recordEvent({
        username: user?.username ?? '?',
        userId: r.userId,
        ip: origin?.ip ?? '',
        userAgent: origin?.userAgent ?? null,
        outcome: 'refresh_reused',
      });
    }
    if (r.kind !== 'ok') return null;
    const user = await this.users.byId(r.userId);
    if (!user?.active) return null;
    return this.issue(authUser(user));
  }

  async logout(user: AuthUser, refreshToken?: string, origin?: LoginOrigin): Promise<void> {
    await this.repo.revoke(user.id, refreshToken);
    await this.repo.recordEvent({
      username: user.username,
      userId: user.id,
      ip: origin?.ip ?? '',
      userAgent: origin?.userAgent ?? null,
      outcome: 'logout',
    });
  }

  /** Revokes every session of a user (deactivated, password changed). */
  revokeAll(userId: string): Promise<void> {
    return this.repo.revoke(userId);
  }

  /**
   * Verifies an access token and reloads the user, so deactivation and role changes apply at once rather
   * than when the token expires (one primary-key lookup per request).
   */
  async authenticate(token: string): Promise<Authentication> {
    const v = await verifyJwt(token, this.secret);
    if (!v.ok) return { ok: false, reason: v.reason === 'expired' ? 'token expired' : 'invalid token' };
    if (v.claims.typ !== 'access') return { ok: false, reason: 'invalid token' };
    const user = await this.users.byId(v.claims.sub);
    if (!user?.active) return { ok: false, reason: 'user inactive or removed' };
    return {
      ok: true,
      user: authUser(user),
      expiresAt: v.claims.exp,
    };
  }

  private async issue(user: AuthUser): Promise<TokenResponse> {
    const c = this.boot.config;
    const accessToken = await signJwt(
      { sub: user.id, username: user.username, role: user.role, typ: 'access' },
      this.secret,
      c.JWT_ACCESS_TTL_S,
    );
    const refreshToken = await this.repo.issueRefresh(user.id, c.JWT_REFRESH_TTL_S);
    return { accessToken, refreshToken, expiresIn: c.JWT_ACCESS_TTL_S, user };
  }
}
