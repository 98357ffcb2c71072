import { Module } from '@nestjs/common';
import { DeadLettersRepository } from './dead-letters.repository';
import { SignalsRepository } from './signals.repository';
import { UnitPositionsRepository } from './unit-positions.repository';

/**
 * Tables only the ingest writes; exported for the roles that read them without running the pipeline
 * (dead letters on the API, signals for citizen reports).
 */
@Module({
  providers: [DeadLettersRepository, SignalsRepository, UnitPositionsRepository],
  exports: [DeadLettersRepository, SignalsRepository, UnitPositionsRepository],
})
export class IngestDataModule {}
