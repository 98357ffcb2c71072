import { Module } from '@nestjs/common';
import { Database } from '../db/database.repository';
import { ExportsRepository } from './exports.repository';
import { HistoryService } from './history.service';
import { ReplayRepository } from './replay.repository';
import { TimelineRepository } from './timeline.repository';

/** History (timeline, replay, exports, daily report); AppModule mounts HistoryController on api instances. */
@Module({
  providers: [
    {
      provide: TimelineRepository,
      inject: [Database],
      useFactory: (db: Database) => new TimelineRepository(db),
    },
    { provide: ReplayRepository, inject: [Database], useFactory: (db: Database) => new ReplayRepository(db) },
    {
      provide: ExportsRepository,
      inject: [Database],
      useFactory: (db: Database) => new ExportsRepository(db),
    },
    HistoryService,
  ],
  exports: [HistoryService, ExportsRepository],
})
export class HistoryModule {}
