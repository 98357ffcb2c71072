import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BrokerModule } from '../broker/broker.module';
import { BOOT, type BootContext } from '../config/boot.context';
import { DbModule } from '../db/db.module';
import { DevicesModule } from '../devices/devices.module';
import { HealthController } from '../health/health.controller';
import { IncidentsModule } from '../incidents/incidents.module';
import { LiveModule } from '../live/live.module';
import { MetricsModule } from '../metrics/metrics.module';
import { OutboxModule } from '../outbox/outbox.module';
import { DocsModule } from '../docs/docs.module';
import { RulesModule } from '../rules/rules.module';
import { StateModule } from '../state/state.module';
import { ApiModule } from './api.module';
import { IngestWorkerModule } from './ingest-worker.module';

/** One binary, several roles: IOC_ROLES picks which role modules this instance runs (ingest, api, live). */
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
      // services on every role: the rules engine (ingest) raises incidents, the API processes reports
      IncidentsModule,
      RulesModule,
      MetricsModule,
      // the live outbox: incidents, units and camera events append to it on whatever role writes them
      OutboxModule,
    ];
    if (roles.has('ingest')) imports.push(IngestWorkerModule);
    if (roles.has('live')) imports.push(LiveModule);
    if (roles.has('api')) imports.push(ApiModule.forRoot(boot));
    return {
      module: AppModule,
      global: true,
      imports,
      controllers: [HealthController],
      providers: [{ provide: BOOT, useValue: boot }],
      exports: [BOOT],
    };
  }
}
