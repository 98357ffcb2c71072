import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { RulesModule } from '../rules/rules.module';
import { ReportsService } from './reports.service';

/** Citizen reports over REST; the controller is mounted by AppModule on api instances. */
@Module({
  imports: [DevicesModule, RulesModule],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
