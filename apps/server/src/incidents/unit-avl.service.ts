import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { avlProgress } from '@ioc/domain/unit-arrival.rule';
import type { UnitProgress } from '@ioc/domain/unit-progress.transition';
import { BOOT, type BootContext } from '../config/boot.context';
import { IncidentsConfigService } from './incidents-config.service';
import { IncidentsService } from './incidents.service';
import { UnitAvlRepository } from './unit-avl.repository';

/** The actor of status changes the trackers' positions made (audit rows, timeline). */
export const AVL_ACTOR: AuthUser = { id: 'avl', username: 'avl', role: 'operator' };

export interface AvlChange {
  unitId: string;
  incidentId: string;
  status: UnitProgress;
}

/**
 * Automatic vehicle location: every `dispatch.avl.checkIntervalS` (api role) the latest fix of each unit
 * on its way is compared with its incident; moving → en route, within `arrivalRadiusM` → on scene,
 * recorded as the unit's own report (actor "avl") through the same command as the console's buttons, so
 * the incident follows the same state machine. The tracker is the honest witness of an arrival; a unit
 * without a tracker is moved by the operator's buttons only. Several instances may check at once: the
 * command locks the unit and refuses a report already made (409), which is ignored here.
 */
@Injectable()
export class UnitAvlService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('avl');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly repo: UnitAvlRepository,
    private readonly incidents: IncidentsService,
    private readonly config: IncidentsConfigService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  onModuleInit(): void {
    const avl = this.config.config.dispatch.avl;
    if (!avl.enabled || !this.boot.config.IOC_ROLES.includes('api')) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.check()
        .catch((e) => this.log.warn(`AVL check failed: ${String(e)}`))
        .finally(() => (this.running = false));
    }, avl.checkIntervalS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass; returns the reports it made. */
  async check(): Promise<AvlChange[]> {
    const { arrivalRadiusM, movingKmh } = this.config.config.dispatch.avl;
    const done: AvlChange[] = [];
    for (const c of await this.repo.candidates()) {
      const status = avlProgress(
        c.status,
        { lat: c.incidentLat, lon: c.incidentLon },
        { lat: c.lat, lon: c.lon, speedKmh: c.speed },
        { arrivalRadiusM, movingKmh },
      );
      if (!status) continue;
      try {
        await this.incidents.unitStatus(
          c.incidentId,
          AVL_ACTOR,
          c.unitId,
          status,
          status === 'on_scene' ? `GPS: within ${arrivalRadiusM} m of the incident` : 'GPS: moving',
        );
        done.push({ unitId: c.unitId, incidentId: c.incidentId, status });
      } catch (e) {
        // another instance or an operator was first; the unit moved on meanwhile
        if (!(e instanceof HttpException && e.getStatus() === 409)) throw e;
      }
    }
    if (done.length) this.log.log(`AVL: ${done.map((d) => `${d.unitId} ${d.status}`).join(', ')}`);
    return done;
  }
}
