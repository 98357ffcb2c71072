import { Module } from '@nestjs/common';
import { CommittedModule } from '../committed/committed.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { AqiEvaluatorService } from './aqi-evaluator.service';
import { RulesEngineService } from './rules-engine.service';
import { RulesModule } from './rules.module';

/** Rules over committed data: runs where the ingest runs (it listens to the ingest's commit hooks). */
@Module({
  imports: [CommittedModule, RulesModule, IncidentsModule],
  providers: [RulesEngineService, AqiEvaluatorService],
  exports: [RulesEngineService, AqiEvaluatorService],
})
export class RulesEngineModule {}
