import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RulesConfigService } from './rules-config.service';
import { RulesRepository } from './rules.repository';
import { SignalProcessorService } from './signal-processor.service';
import { SignalQueueRepository } from './signal-queue.repository';

/**
 * The rules file (loaded and validated at start) and the signal processor, on every role: the API
 * processes citizen reports it receives at once; ingest instances also drain the queue (RulesEngineModule).
 */
@Module({
  imports: [DevicesModule, IncidentsModule],
  providers: [RulesConfigService, SignalProcessorService, SignalQueueRepository, RulesRepository],
  exports: [RulesConfigService, SignalProcessorService, RulesRepository],
})
export class RulesModule {}
