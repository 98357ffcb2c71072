import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { IngestModule } from '../ingest/ingest.module';
import { AqiEvaluatorService } from './aqi-evaluator.service';
import { RulesEngineService } from './rules-engine.service';
import { RulesModule } from './rules.module';

/** Rules over committed data: runs where the ingest runs (it listens to the ingest's commit hooks). */
@Module({
  imports: [IngestModule, RulesModule, IncidentsModule],
  providers: [RulesEngineService, AqiEvaluatorService],
  exports: [RulesEngineService, AqiEvaluatorService],
})
export class RulesEngineModule {}
