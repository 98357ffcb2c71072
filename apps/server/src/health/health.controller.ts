import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Health } from '@ioc/contracts/health.dto';
import type { Response } from 'express';
import { BOOT, type BootContext } from '../config/boot.context';
import { Public } from '../auth/public.decorator';
import { MqttService } from '../broker/mqtt.service';
import { Database } from '../db/database.pool';
import { ApiDoc } from '../common/http/api-doc.decorator';

/** Unauthenticated by design: load balancers and operators probe it. 503 when db or broker is down. */
@Public()
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly mqtt: MqttService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  /** Liveness: the process answers. Orchestrators restart on failure, so no dependency is checked here. */
  @Get('live')
  @ApiDoc({ summary: 'Liveness: 200 while the process serves requests' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: take traffic only with the database and the broker up (same answer as /api/health). */
  @Get('ready')
  @ApiDoc({ summary: 'Readiness: 503 while the database or the broker is down' })
  ready(@Res({ passthrough: true }) res: Response): Promise<Health> {
    return this.get(res);
  }

  @Get()
  @ApiDoc({ summary: 'Database and broker status; 503 when degraded' })
  async get(@Res({ passthrough: true }) res: Response): Promise<Health> {
    const dbOk = await Promise.race([
      this.db.ping(),
      new Promise<boolean>((r) => setTimeout(() => r(false), 2000)),
    ]);
    const brokerOk = this.mqtt.connected;
    const ok = dbOk && brokerOk;
    if (!ok) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'degraded',
      db: dbOk ? 'ok' : 'down',
      broker: brokerOk ? 'ok' : 'down',
      timescale: this.boot.timescale,
      roles: this.boot.config.IOC_ROLES,
      version: this.boot.version,
    };
  }
}
