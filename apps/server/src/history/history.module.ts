import { Module } from '@nestjs/common';
import { Database } from '../db/database.repository';
import { IncidentsModule } from '../incidents/incidents.module';
import { CapBundleService } from './cap-bundle.service';
import { DailyReportRepository } from './daily-report.repository';
import { DailyReportService } from './daily-report.service';
import { ExportsRepository } from './exports.repository';
import { HistoryService } from './history.service';
import { ReplayRepository } from './replay.repository';
import { TimelineRepository } from './timeline.repository';

/** History (timeline, replay, exports, daily report); AppModule mounts HistoryController on api instances. */
@Module({
  imports: [IncidentsModule],
  providers: [
    {
      provide: DailyReportRepository,
      inject: [Database],
      useFactory: (db: Database) => new DailyReportRepository(db),
    },
    CapBundleService,
    DailyReportService,
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
  exports: [HistoryService, ExportsRepository, CapBundleService, DailyReportService],
})
export class HistoryModule {}
