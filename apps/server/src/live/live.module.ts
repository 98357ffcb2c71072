import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Database } from '../db/database.repository';
import { DeviceLocationsService } from './device-locations.service';
import { LiveFanoutService } from './live-fanout.service';
import { LiveReadRepository } from './live-read.repository';
import { LiveSensorsService } from './live-sensors.service';
import { LiveSessionsRepository } from './live-sessions.repository';
import { LiveSessionsService } from './live-sessions.service';
import { LiveTailService } from './live-tail.service';
import { LiveGateway } from './live.gateway';

@Module({
  imports: [AuthModule],
  providers: [
    {
      provide: LiveReadRepository,
      inject: [Database],
      useFactory: (db: Database) => new LiveReadRepository(db),
    },
    {
      provide: LiveSessionsRepository,
      inject: [Database],
      useFactory: (db: Database) => new LiveSessionsRepository(db),
    },
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
