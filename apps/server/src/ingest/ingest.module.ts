import { Module } from '@nestjs/common';
import { DeviceMonitorService } from '../devices/device-monitor.service';
import { DevicesModule } from '../devices/devices.module';
import { FeedRouter } from './feed.router';
import { IngestService } from './ingest.service';

@Module({ imports: [DevicesModule], providers: [FeedRouter, IngestService, DeviceMonitorService], exports: [IngestService] })
export class IngestModule {}
