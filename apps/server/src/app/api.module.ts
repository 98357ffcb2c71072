import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BasemapModule } from '../basemap/basemap.module';
import { ConsoleConfigController } from './console-config.controller';
import { CamerasModule } from '../cameras/cameras.module';
import { CitizenPublicController } from '../citizen/citizen-public.controller';
import { CitizenReportsController } from '../citizen/citizen-reports.controller';
import { CitizenModule } from '../citizen/citizen.module';
import { PublicMapController } from '../citizen/public-map.controller';
import type { BootContext } from '../config/boot.context';
import { DevicesController } from '../devices/devices.controller';
import { DevicesModule } from '../devices/devices.module';
import { FieldController } from '../field/field.controller';
import { FieldModule } from '../field/field.module';
import { OwnTracksHttpController } from '../field/owntracks-http.controller';
import { UnitSecretsController } from '../field/unit-secrets.controller';
import { HistoryController } from '../history/history.controller';
import { HistoryModule } from '../history/history.module';
import { IncidentDeskController } from '../incidents/incident-desk.controller';
import { IncidentsController } from '../incidents/incidents.controller';
import { IncidentsModule } from '../incidents/incidents.module';
import { UnitsController } from '../incidents/units.controller';
import { IngestDataModule } from '../ingest/ingest-data.module';
import { IngestController } from '../ingest/ingest.controller';
import { MediaController } from '../media/media.controller';
import { MediaModule } from '../media/media.module';
import { ReadingsModule } from '../readings/readings.module';
import { ReportsController } from '../reports/reports.controller';
import { ReportsModule } from '../reports/reports.module';
import { RulesController } from '../rules/rules.controller';
import { RulesModule } from '../rules/rules.module';

/**
 * The api role: the REST controllers and what only they need. Feature modules hold services only, so the
 * ingest and live roles can import them without mounting routes.
 */
@Module({})
export class ApiModule {
  static forRoot(boot: BootContext): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        BasemapModule.forRoot({
          styleUrl: boot.config.BASEMAP_STYLE_URL,
          pmtilesPath: boot.config.BASEMAP_PMTILES,
        }),
        AuthModule,
        DevicesModule,
        ReadingsModule,
        CamerasModule,
        IngestDataModule,
        IncidentsModule,
        RulesModule,
        ReportsModule,
        HistoryModule,
        MediaModule,
        FieldModule,
        CitizenModule,
      ],
      controllers: [
        ConsoleConfigController,
        DevicesController,
        IngestController,
        IncidentsController,
        IncidentDeskController,
        UnitsController,
        RulesController,
        ReportsController,
        HistoryController,
        MediaController,
        FieldController,
        OwnTracksHttpController,
        UnitSecretsController,
        CitizenPublicController,
        CitizenReportsController,
        PublicMapController,
      ],
    };
  }
}
