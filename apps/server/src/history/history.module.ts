import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { CapBundleService } from './cap-bundle.service';
import { DailyReportRepository } from './daily-report.repository';
import { DailyReportService } from './daily-report.service';
import { ExportsRepository } from './exports.repository';
import { HistoryService } from './history.service';
import { ReplayRepository } from './replay.repository';
import { TimelineRepository } from './timeline.repository';

/** History (timeline, replay, exports, daily report); ApiModule mounts HistoryController on api instances. */
@Module({
  imports: [IncidentsModule],
  providers: [
    DailyReportRepository,
    CapBundleService,
    DailyReportService,
    TimelineRepository,
    ReplayRepository,
    ExportsRepository,
    HistoryService,
  ],
  exports: [HistoryService, ExportsRepository, CapBundleService, DailyReportService],
})
export class HistoryModule {}
