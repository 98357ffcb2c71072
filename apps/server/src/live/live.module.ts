import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DeviceLocationsService } from './device-locations.service';
import { LiveFanoutService } from './live-fanout.service';
import { LiveReadRepository } from './live-read.repository';
import { LiveSensorsService } from './live-sensors.service';
import { LiveSessionsRepository } from './live-sessions.repository';
import { LiveSessionsService } from './live-sessions.service';
import { LiveTailService } from './live-tail.service';
import { LiveGateway } from './live.gateway';

@Module({
  imports: [AuthModule, OutboxModule],
  providers: [
    LiveReadRepository,
    LiveSessionsRepository,
    LiveTailService,
    LiveSessionsService,
    DeviceLocationsService,
    LiveFanoutService,
    LiveSensorsService,
    LiveGateway,
  ],
  exports: [LiveTailService, LiveFanoutService],
})
export class LiveModule {}
