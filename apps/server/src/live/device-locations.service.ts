import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LiveReadRepository } from './live-read.repository';
import type { Position } from './live-filter.util';

/** Refresh period: devices move rarely and new ones are placed on their first location report. */
const REFRESH_MS = 60_000;

/** Device positions for bbox subscriptions (sensors, cameras), refreshed from the registry. */
@Injectable()
export class DeviceLocationsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('live');
  private positions = new Map<string, Position>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly read: LiveReadRepository) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
  }

  readonly locate = (deviceId: string): Position | undefined => this.positions.get(deviceId);

  async refresh(): Promise<void> {
    try {
      const rows = await this.read.deviceLocations();
      this.positions = new Map(rows.map((r) => [r.id, { lat: r.lat, lon: r.lon }]));
    } catch (e) {
      this.log.warn(`reading device locations failed: ${(e as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
