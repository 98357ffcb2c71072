import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ThrottleRepository } from '../auth/throttle.repository';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { IngestDataModule } from '../ingest/ingest-data.module';
import { ReportsModule } from '../reports/reports.module';
import { RulesModule } from '../rules/rules.module';
import { CitizenUploadMiddleware } from './citizen-upload.middleware';
import { CitizenRepository } from './citizen.repository';
import { CitizenService } from './citizen.service';

/** The public citizen channel; controllers are mounted by ApiModule on api instances. */
@Module({
  imports: [DevicesModule, IncidentsModule, IngestDataModule, ReportsModule, RulesModule],
  providers: [CitizenRepository, CitizenService, ThrottleRepository],
  exports: [CitizenService],
})
export class CitizenModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CitizenUploadMiddleware).forRoutes({ path: 'public/reports', method: RequestMethod.POST });
  }
}
