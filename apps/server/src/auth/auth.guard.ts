import {
  Inject,
  Injectable,
  UnauthorizedException,
  ForbiddenException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DEFAULT_MIN_ROLE, roleAtLeast, type AuthUser, type Role } from '@ioc/contracts/auth.schema';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BOOT, type BootContext } from '../config/boot.context';
import { AuthService } from './auth.service';
import { MIN_ROLE_KEY } from './min-role.decorator';
import { PUBLIC_KEY } from './public.decorator';
import { RESPONDER_ONLY_KEY } from './responder-only.decorator';
import { SCRAPE_TOKEN_KEY } from './scrape-token.decorator';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** The bearer token of an Authorization header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

/**
 * Global guard (APP_GUARD) on every REST route: 401 without a valid access token of an active user, 403 when
 * the user's role is below the route's @MinRole (operator when unset), and 403 to a responder anywhere but
 * its @ResponderOnly field routes and its own session (@MinRole('responder')). @Public routes pass untouched.
 * socket.io connections are authenticated by the gateway itself (guards do not cover the handshake).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  /** The static scrape token, compared in constant time (hashes have equal length whatever the input). */
  private isScrapeToken(token: string): boolean {
    const expected = this.boot.config.METRICS_TOKEN;
    return !!expected && timingSafeEqual(sha256(token), sha256(expected));
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthorizedException({ message: 'missing bearer token' });
    if (this.reflector.getAllAndOverride<boolean>(SCRAPE_TOKEN_KEY, targets) && this.isScrapeToken(token))
      return true;
    const a = await this.auth.authenticate(token);
    if (!a.ok) throw new UnauthorizedException({ message: a.reason });
    req.user = a.user;
    const fieldRoute = !!this.reflector.getAllAndOverride<boolean>(RESPONDER_ONLY_KEY, targets);
    const min = fieldRoute
      ? 'responder'
      : (this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE_KEY, targets) ?? DEFAULT_MIN_ROLE);
    // Responders pass only their field routes and their own session; console roles never the field routes.
    const responder = a.user.role === 'responder';
    if (fieldRoute && !responder) throw new ForbiddenException({ message: 'only for field responders' });
    if (!fieldRoute && responder && min !== 'responder')
      throw new ForbiddenException({ message: 'responders may use only the field view' });
    if (!roleAtLeast(a.user.role, min))
      throw new ForbiddenException({ message: `requires role ${min} or higher` });
    return true;
  }
}
