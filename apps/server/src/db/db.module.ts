import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BOOT, type BootContext } from '../config/boot.context';
import { Database } from './database.pool';

/** The connection pool, for every repository. Each feature module provides its own repositories. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [BOOT],
      useFactory: (boot: BootContext) => new Database(boot.databaseUrl, 10),
    },
  ],
  exports: [Database],
})
export class DbModule implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}

  // Last to go: other modules flush their writers in onModuleDestroy, before this runs.
  async onApplicationShutdown(): Promise<void> {
    await this.db.close().catch(() => undefined);
  }
}
