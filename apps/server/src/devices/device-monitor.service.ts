import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CommittedHooks } from '../committed/committed.hooks';
import { DeviceTouchThrottle } from './device-touch.throttle';
import { DevicesRepository } from './devices.repository';

/** Marks devices offline after 3x their expected interval of silence (ingest role only). */
@Injectable()
export class DeviceMonitorService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('device-monitor');
  private timer: NodeJS.Timeout | null = null;
  static readonly INTERVAL_MS = 15_000;

  constructor(
    private readonly repo: DevicesRepository,
    private readonly touches: DeviceTouchThrottle,
    private readonly hooks: CommittedHooks,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.check(), DeviceMonitorService.INTERVAL_MS);
    this.timer.unref();
  }

  async check(): Promise<string[]> {
    try {
      const gone = await this.repo.markSilentOffline();
      const ids = gone.map((g) => g.deviceId);
      this.touches.forget(ids);
      if (ids.length) this.log.log(`offline: ${ids.join(', ')}`);
      this.hooks.deviceTransitions(gone);
      return ids;
    } catch (e) {
      this.log.warn(`offline check failed: ${(e as Error).message}`);
      return [];
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
