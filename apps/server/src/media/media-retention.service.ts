import { Inject, Injectable } from '@nestjs/common';
import { HourlyTask } from '../common/hourly-task.base';
import { BOOT, type BootContext } from '../config/boot.context';
import { MediaAccessRepository } from './media-access.repository';

/** Keeps `media_access` for MEDIA_AUDIT_RETENTION_DAYS, like the authentication audit. */
@Injectable()
export class MediaRetentionService extends HourlyTask {
  constructor(
    private readonly repo: MediaAccessRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {
    super('media', 'media audit retention');
  }

  protected run(): Promise<number> {
    return this.purge();
  }

  async purge(): Promise<number> {
    const days = this.boot.config.MEDIA_AUDIT_RETENTION_DAYS;
    const n = await this.repo.purge(days);
    if (n > 0) this.log.log(`purged ${n} media access rows older than ${days} days`);
    return n;
  }
}
