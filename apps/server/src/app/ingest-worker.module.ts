import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module';
import { RulesEngineModule } from '../rules/rules-engine.module';

/** The ingest role: the MQTT pipeline, the device monitor (through IngestModule) and the rules engine. */
@Module({ imports: [IngestModule, RulesEngineModule] })
export class IngestWorkerModule {}
