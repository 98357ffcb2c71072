import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { BOOT, type BootContext } from '../config/boot.context';
import { AuthRepository } from './auth.repository';
import { ThrottleRepository } from './throttle.repository';
import { RATE_WINDOW_S } from './user-rate-limit.service';

const HOUR_MS = 3600_000;

/**
 * Keeps the auth tables bounded: the audit trail (`auth_events`) for AUTH_EVENTS_RETENTION_DAYS, the
 * sliding-window counters for their longest window. Runs at start and every hour on every instance (the
 * deletes are idempotent, so several instances doing it costs nothing but a few index scans).
 */
@Injectable()
export class AuthRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('auth');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: AuthRepository,
    private readonly throttle: ThrottleRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  onApplicationBootstrap(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), HOUR_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.purge()
      .then(() => undefined)
      .catch((e) => this.log.warn(`auth retention: ${(e as Error).message}`))
      .finally(() => (this.running = null));
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
