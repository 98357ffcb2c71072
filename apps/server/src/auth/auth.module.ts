import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthRepository } from './auth.repository';
import { AuthRetentionService } from './auth-retention.service';
import { AuthService } from './auth.service';
import { ThrottleRepository } from './throttle.repository';
import { UserRateLimitService } from './user-rate-limit.service';
import { UserSessionsRepository } from './user-sessions.repository';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users, tokens and the global guard. Imported on every instance whatever its roles: every role exposes
 * routes (health on all, the API on api, the socket on live), and any instance may create the first admin.
 */
@Module({
  controllers: [AuthController, UsersController],
  providers: [
    UsersRepository,
    AuthRepository,
    ThrottleRepository,
    UserSessionsRepository,
    AuthService,
    AuthRetentionService,
    UserRateLimitService,
    UsersService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UserRateLimitService],
})
export class AuthModule {}
