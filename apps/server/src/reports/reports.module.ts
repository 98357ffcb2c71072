import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { IngestDataModule } from '../ingest/ingest-data.module';
import { RulesModule } from '../rules/rules.module';
import { ReportsService } from './reports.service';

/** Citizen reports over REST; the controller is mounted by ApiModule on api instances. */
@Module({
  imports: [DevicesModule, RulesModule, IngestDataModule],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
