import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { CapService } from './cap.service';
import { ClockService } from './clock.service';
import { IncidentMergeService } from './incident-merge.service';
import { IncidentReopenService } from './incident-reopen.service';
import { IncidentRetriageService } from './incident-retriage.service';
import { IncidentsConfigService } from './incidents-config.service';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { SlaService } from './sla.service';
import { UnitAssignmentPublisher } from './unit-assignment.publisher';
import { UnitAvlRepository } from './unit-avl.repository';
import { UnitAvlService } from './unit-avl.service';
import { UnitBasesService } from './unit-bases.service';
import { UnitsRepository } from './units.repository';
import { UnitsService } from './units.service';

/**
 * Incidents, units, SLA and CAP. Services only: ApiModule mounts IncidentsController/UnitsController on
 * api instances, and the rules engine (ingest) injects IncidentsService to raise incidents.
 */
@Module({
  imports: [DevicesModule],
  providers: [
    IncidentsRepository,
    UnitsRepository,
    ClockService,
    IncidentsConfigService,
    IncidentsService,
    UnitsService,
    SlaService,
    CapService,
    UnitBasesService,
    UnitAssignmentPublisher,
    UnitAvlRepository,
    UnitAvlService,
    IncidentRetriageService,
    IncidentReopenService,
    IncidentMergeService,
  ],
  exports: [
    IncidentRetriageService,
    IncidentReopenService,
    IncidentMergeService,
    IncidentsService,
    UnitsService,
    SlaService,
    CapService,
    ClockService,
    IncidentsConfigService,
    UnitAvlService,
    UnitAssignmentPublisher,
  ],
})
export class IncidentsModule {}
