import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BasemapModule } from '../basemap/basemap.module';
import { BrokerModule } from '../broker/broker.module';
import { DocsModule } from '../docs/docs.module';
import { DbModule } from '../db/db.module';
import { DevicesController } from '../devices/devices.controller';
import { DevicesModule } from '../devices/devices.module';
import { HealthController } from '../health/health.controller';
import { HistoryController } from '../history/history.controller';
import { HistoryModule } from '../history/history.module';
import { IngestController } from '../ingest/ingest.controller';
import { IncidentsController } from '../incidents/incidents.controller';
import { IncidentsModule } from '../incidents/incidents.module';
import { UnitsController } from '../incidents/units.controller';
import { IngestModule } from '../ingest/ingest.module';
import { LiveModule } from '../live/live.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ReportsController } from '../reports/reports.controller';
import { ReportsModule } from '../reports/reports.module';
import { RulesController } from '../rules/rules.controller';
import { RulesEngineModule } from '../rules/rules-engine.module';
import { RulesModule } from '../rules/rules.module';
import { StateModule } from '../state/state.module';
import { BOOT, type BootContext } from './boot.context';

/** One binary, several roles: IOC_ROLES picks which modules this instance runs. */
@Module({})
export class AppModule {
  static forRoot(boot: BootContext): DynamicModule {
    const roles = new Set(boot.config.IOC_ROLES);
    const imports: (Type | DynamicModule)[] = [
      DbModule,
      BrokerModule,
      StateModule,
      DevicesModule,
      AuthModule,
      DocsModule,
      // services on every role: the rules engine (ingest) raises incidents; REST only on api
      IncidentsModule,
      RulesModule,
      MetricsModule,
    ];
    const controllers: Type[] = [HealthController];
    if (roles.has('ingest')) imports.push(IngestModule, RulesEngineModule);
    if (roles.has('live')) imports.push(LiveModule);
    if (roles.has('api')) {
      imports.push(BasemapModule.forRoot({ styleUrl: boot.config.BASEMAP_STYLE_URL }));
      imports.push(ReportsModule, HistoryModule);
      controllers.push(
        DevicesController,
        IngestController,
        IncidentsController,
        UnitsController,
        RulesController,
        ReportsController,
        HistoryController,
      );
    }
    return {
      module: AppModule,
      global: true,
      imports,
      controllers,
      providers: [{ provide: BOOT, useValue: boot }],
      exports: [BOOT],
    };
  }
}
