import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BOOT, type BootContext } from '../app/boot.context';
import { DeadLettersRepository } from '../ingest/dead-letters.repository';
import { ReadingsRepository } from '../ingest/readings.repository';
import { DevicesRepository } from '../devices/devices.repository';
import { CameraEventsRepository } from '../ingest/camera-events.repository';
import { SignalsRepository } from '../ingest/signals.repository';
import { UnitPositionsRepository } from '../ingest/unit-positions.repository';
import { LiveEventsRepository } from '../live/live-events.repository';
import { Database } from './database.repository';

@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [BOOT],
      useFactory: (boot: BootContext) => new Database(boot.databaseUrl, 10),
    },
    {
      provide: ReadingsRepository,
      inject: [Database],
      useFactory: (db: Database) => new ReadingsRepository(db),
    },
    {
      provide: DeadLettersRepository,
      inject: [Database],
      useFactory: (db: Database) => new DeadLettersRepository(db),
    },
    {
      provide: DevicesRepository,
      inject: [Database],
      useFactory: (db: Database) => new DevicesRepository(db),
    },
    {
      provide: CameraEventsRepository,
      inject: [Database],
      useFactory: (db: Database) => new CameraEventsRepository(db),
    },
    {
      provide: UnitPositionsRepository,
      inject: [Database],
      useFactory: (db: Database) => new UnitPositionsRepository(db),
    },
    {
      provide: SignalsRepository,
      inject: [Database],
      useFactory: (db: Database) => new SignalsRepository(db),
    },
    {
      provide: LiveEventsRepository,
      inject: [Database],
      useFactory: (db: Database) => new LiveEventsRepository(db),
    },
  ],
  exports: [
    Database,
    ReadingsRepository,
    DeadLettersRepository,
    DevicesRepository,
    CameraEventsRepository,
    UnitPositionsRepository,
    SignalsRepository,
    LiveEventsRepository,
  ],
})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}

  // Last to go: other modules flush their writers in onModuleDestroy, before this runs.
  async onApplicationShutdown(): Promise<void> {
    await this.db.close().catch(() => undefined);
  }
}
