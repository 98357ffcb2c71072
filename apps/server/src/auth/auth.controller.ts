import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Post,
  Query,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  LoginRequestSchema,
  AuthUserSchema,
  LogoutRequestSchema,
  RefreshRequestSchema,
  TokenResponseSchema,
  type AuthUser,
  type TokenResponse,
} from '@ioc/contracts/auth.schema';
import { AuthEventSchema, AuthEventsQuerySchema, type AuthEvent } from '@ioc/contracts/auth-event.schema';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiDoc, type Input } from '../common/http/api-doc.decorator';
import { AuthService, LoginThrottledError } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { MinRole } from './min-role.decorator';
import { Public } from './public.decorator';

const INVALID_LOGIN = 'invalid username or password';

const originOf = (req: Request) => ({
  ip: req.ip ?? req.socket.remoteAddress ?? '',
  userAgent: req.headers['user-agent'] ?? null,
});

@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @ApiDoc({
    summary:
      'Password login → access + refresh token; 401 for any wrong credential, 429 after repeated failures',
    body: LoginRequestSchema,
    response: TokenResponseSchema,
  })
  @HttpCode(200)
  async login(
    @Body() b: Input<typeof LoginRequestSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    try {
      const tokens = await this.auth.login(b.username, b.password, originOf(req));
      if (!tokens) throw new UnauthorizedException({ message: INVALID_LOGIN });
      return tokens;
    } catch (e) {
      if (!(e instanceof LoginThrottledError)) throw e;
      res.setHeader('Retry-After', String(e.retryAfterS));
      const message =
        e.reason === 'locked'
          ? 'account temporarily locked after repeated failed logins, try again later'
          : 'too many failed logins, try again later';
      throw new HttpException({ message, retryAfter: e.retryAfterS }, 429);
    }
  }

  @Public()
  @Post('refresh')
  @ApiDoc({
    summary: 'Trade a refresh token for a new pair (rotation)',
    body: RefreshRequestSchema,
    response: TokenResponseSchema,
  })
  @HttpCode(200)
  async refresh(@Body() b: Input<typeof RefreshRequestSchema>, @Req() req: Request): Promise<TokenResponse> {
    const tokens = await this.auth.refresh(b.refreshToken, originOf(req));
    if (!tokens) throw new UnauthorizedException({ message: 'invalid refresh token' });
    return tokens;
  }

  @Post('logout')
  @MinRole('responder')
  @ApiDoc({
    summary: 'Revoke the given refresh token, or all of the user when none is given',
    body: LogoutRequestSchema,
  })
  @HttpCode(204)
  async logout(
    @CurrentUser() user: AuthUser,
    @Body() b: Input<typeof LogoutRequestSchema>,
    @Req() req: Request,
  ): Promise<void> {
    await this.auth.logout(user, b.refreshToken, originOf(req));
  }

  @Get('events')
  @MinRole('admin')
  @ApiDoc({
    summary: 'Authentication audit: login attempts with their outcome, refresh-token reuse, logouts',
    query: AuthEventsQuerySchema,
    response: z.array(AuthEventSchema),
  })
  events(@Query() q: Input<typeof AuthEventsQuerySchema>): Promise<AuthEvent[]> {
    return this.auth.events(q);
  }

  @Get('me')
  @MinRole('responder')
  @ApiDoc({ summary: 'The user of the token', response: AuthUserSchema })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
