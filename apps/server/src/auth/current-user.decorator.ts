import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';

/** The authenticated user the guard put on the request (audit rows record who acted). */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthUser | undefined =>
    ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
