import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

const HOUR_MS = 3600_000;

/**
 * A housekeeping pass at start and every hour on every instance (retention deletes: idempotent, so several
 * instances doing it costs a few index scans). One pass at a time; shutdown waits for the one running.
 */
export abstract class HourlyTask implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly log: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  protected constructor(
    logContext: string,
    private readonly taskName: string,
  ) {
    this.log = new Logger(logContext);
  }

  /** One pass. */
  protected abstract run(): Promise<unknown>;

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
    this.running = this.run()
      .then(() => undefined)
      .catch((e) => this.log.warn(`${this.taskName}: ${(e as Error).message}`))
      .finally(() => (this.running = null));
  }
}
