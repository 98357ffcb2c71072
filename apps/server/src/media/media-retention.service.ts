import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { BOOT, type BootContext } from '../config/boot.context';
import { MediaAccessRepository } from './media-access.repository';

const HOUR_MS = 3600_000;

/**
 * Keeps `media_access` for MEDIA_AUDIT_RETENTION_DAYS, like the authentication audit: at start and every
 * hour, on every api instance (the delete is idempotent).
 */
@Injectable()
export class MediaRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('media');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: MediaAccessRepository,
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
      .catch((e) => this.log.warn(`media audit retention: ${(e as Error).message}`))
      .finally(() => (this.running = null));
  }

  async purge(): Promise<number> {
    const days = this.boot.config.MEDIA_AUDIT_RETENTION_DAYS;
    const n = await this.repo.purge(days);
    if (n > 0) this.log.log(`purged ${n} media access rows older than ${days} days`);
    return n;
  }
}
