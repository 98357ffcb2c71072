import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';

/**
 * The authenticated user the global guard put on the request (audit rows record who acted). Every
 * non-public route is behind that guard, so the user is always there; a route reached without one (a
 * @Public route asking for it, a scrape token) is refused rather than handled anonymously.
 */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new UnauthorizedException({ message: 'authentication required' });
  return user;
});
