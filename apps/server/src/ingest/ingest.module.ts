import { Module } from '@nestjs/common';
import { CamerasModule } from '../cameras/cameras.module';
import { CommittedModule } from '../committed/committed.module';
import { DeviceAdmissionService } from '../devices/device-admission.service';
import { DeviceMonitorModule } from '../devices/device-monitor.module';
import { DevicesModule } from '../devices/devices.module';
import { ReadingsModule } from '../readings/readings.module';
import { FeedRouter } from './feed.router';
import { IngestDataModule } from './ingest-data.module';
import { IngestStatsController } from './ingest-stats.controller';
import { IngestService } from './ingest.service';

/** The MQTT ingest pipeline (ingest role): route, validate, batch-write, then tell CommittedHooks. */
@Module({
  imports: [
    DevicesModule,
    DeviceMonitorModule,
    ReadingsModule,
    CamerasModule,
    CommittedModule,
    IngestDataModule,
  ],
  controllers: [IngestStatsController],
  providers: [FeedRouter, IngestService, DeviceAdmissionService],
  exports: [IngestService],
})
export class IngestModule {}
