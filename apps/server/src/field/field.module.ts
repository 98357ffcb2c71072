import { Module } from '@nestjs/common';
import { ThrottleRepository } from '../auth/throttle.repository';
import { IncidentsModule } from '../incidents/incidents.module';
import { IngestDataModule } from '../ingest/ingest-data.module';
import { FieldRepository } from './field.repository';
import { FieldService } from './field.service';

/** Field responders and OwnTracks HTTP; the controllers are mounted by ApiModule on api instances. */
@Module({
  imports: [IncidentsModule, IngestDataModule],
  providers: [FieldRepository, FieldService, ThrottleRepository],
  exports: [FieldService],
})
export class FieldModule {}
