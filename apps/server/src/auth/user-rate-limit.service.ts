import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { BOOT, type BootContext } from '../config/boot.context';
import { ThrottleRepository } from './throttle.repository';

/** The per-user limits are per minute, over a sliding window. */
export const RATE_WINDOW_S = 60;

/** What one user can flood everyone's screens with: citizen reports (incidents) and incident comments. */
export type RateLimitedAction = 'report' | 'comment';

const WHAT: Record<RateLimitedAction, string> = {
  report: 'citizen reports',
  comment: 'incident comments',
};

/**
 * Per-user rate limits, counted in the database (`rate_limit_hits`) so every api instance shares them, and
 * atomically (a burst of concurrent requests cannot all pass). Called after the body is validated, so only
 * what would be stored counts.
 */
@Injectable()
export class UserRateLimitService {
  constructor(
    private readonly throttle: ThrottleRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  /** Counts one action of the user, or answers 429 (Retry-After) when the user is at the limit. */
  async take(action: RateLimitedAction, user: AuthUser, res: Response): Promise<void> {
    const c = this.boot.config;
    const limit = action === 'report' ? c.REPORTS_PER_USER_PER_MIN : c.COMMENTS_PER_USER_PER_MIN;
    const slot = await this.throttle.reserve('rate_limit_hits', [
      { key: `${action}|${user.id}`, limit, windowS: RATE_WINDOW_S },
    ]);
    if (slot.ok) return;
    res.setHeader('Retry-After', String(slot.retryAfterS));
    throw new HttpException(
      {
        message: `too many ${WHAT[action]}: at most ${limit} per minute per user, try again in ${slot.retryAfterS} s`,
        retryAfter: slot.retryAfterS,
      },
      429,
    );
  }
}
