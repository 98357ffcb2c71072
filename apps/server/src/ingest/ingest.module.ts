import { Module } from '@nestjs/common';
import { DeviceMonitorService } from '../devices/device-monitor.service';
import { DevicesModule } from '../devices/devices.module';
import { DeviceTouchThrottle } from './device-touch.throttle';
import { FeedRouter } from './feed.router';
import { IngestStatsController } from './ingest-stats.controller';
import { IngestService } from './ingest.service';

@Module({
  imports: [DevicesModule],
  controllers: [IngestStatsController],
  providers: [FeedRouter, IngestService, DeviceMonitorService, DeviceTouchThrottle],
  exports: [IngestService],
})
export class IngestModule {}
