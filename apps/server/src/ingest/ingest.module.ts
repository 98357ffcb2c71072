import { Module } from '@nestjs/common';
import { DeviceAdmissionService } from '../devices/device-admission.service';
import { DeviceMonitorService } from '../devices/device-monitor.service';
import { DevicesModule } from '../devices/devices.module';
import { CommittedHooks } from './committed.hooks';
import { DeviceTouchThrottle } from './device-touch.throttle';
import { FeedRouter } from './feed.router';
import { IngestStatsController } from './ingest-stats.controller';
import { IngestService } from './ingest.service';

@Module({
  imports: [DevicesModule],
  controllers: [IngestStatsController],
  providers: [
    FeedRouter,
    IngestService,
    DeviceMonitorService,
    DeviceAdmissionService,
    DeviceTouchThrottle,
    CommittedHooks,
  ],
  exports: [IngestService, CommittedHooks],
})
export class IngestModule {}
