import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { FeedRouter } from './feed.router';
import { IngestService } from './ingest.service';

@Module({ imports: [DevicesModule], providers: [FeedRouter, IngestService], exports: [IngestService] })
export class IngestModule {}
