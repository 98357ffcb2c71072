import { Inject, Injectable } from '@nestjs/common';
import { HourlyTask } from '../common/hourly-task.base';
import { BOOT, type BootContext } from '../config/boot.context';
import { AuthRepository } from './auth.repository';
import { ThrottleRepository } from './throttle.repository';
import { RATE_WINDOW_S } from './user-rate-limit.service';

/**
 * Keeps the auth tables bounded: the audit trail (`auth_events`) for AUTH_EVENTS_RETENTION_DAYS, the
 * sliding-window counters for their longest window (hourly, see HourlyTask).
 */
@Injectable()
export class AuthRetentionService extends HourlyTask {
  constructor(
    private readonly repo: AuthRepository,
    private readonly throttle: ThrottleRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {
    super('auth', 'auth retention');
  }

  protected run(): Promise<unknown> {
    return this.purge();
  }

  /** One pass; returns what it removed. */
  async purge(): Promise<{ events: number; loginFailures: number; rateLimitHits: number }> {
    const c = this.boot.config;
    const events = await this.repo.purgeEvents(c.AUTH_EVENTS_RETENTION_DAYS);
    const loginFailures = await this.throttle.prune(
      'login_failures',
      Math.max(c.LOGIN_WINDOW_S, c.LOGIN_LOCKOUT_S, c.LOGIN_ADDRESS_WINDOW_S),
    );
    const rateLimitHits = await this.throttle.prune('rate_limit_hits', RATE_WINDOW_S);
    if (events > 0)
      this.log.log(`purged ${events} auth events older than ${c.AUTH_EVENTS_RETENTION_DAYS} days`);
    return { events, loginFailures, rateLimitHits };
  }
}
