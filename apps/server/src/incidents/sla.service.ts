import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isOpenStatus } from '@ioc/domain/incident.state-machine';
import { slaState, stagesToEscalate, type SlaStage } from '@ioc/domain/sla';
import { BOOT, type BootContext } from '../config/boot.context';
import { ClockService } from './clock.service';
import { IncidentsConfigService } from './incidents-config.service';
import { IncidentsRepository } from './incidents.repository';

export interface Escalation {
  incidentId: string;
  stage: SlaStage;
}

/**
 * Checks open incidents against their SLA targets every `sla.checkIntervalS` (api role) and escalates
 * each overdue stage once: an `escalate` audit row by "system", the `overdue` flag and a live event.
 * Several instances may check at once; the row lock and the stored escalated stages keep it once.
 */
@Injectable()
export class SlaService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('sla');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Escalation[]> | null = null;

  constructor(
    private readonly repo: IncidentsRepository,
    private readonly config: IncidentsConfigService,
    private readonly clock: ClockService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  onModuleInit(): void {
    if (!this.boot.config.IOC_ROLES.includes('api')) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.check().catch((e) => this.log.warn(`SLA check failed: ${String(e)}`));
    }, this.config.config.sla.checkIntervalS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass at `nowMs` (tests pass a controlled time); returns what it escalated. */
  async check(nowMs: number = this.clock.now()): Promise<Escalation[]> {
    const run = this.pass(nowMs);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  private async pass(nowMs: number): Promise<Escalation[]> {
    const sla = this.config.sla;
    const done: Escalation[] = [];
    for (const candidate of await this.repo.openIncidents()) {
      if (!stagesToEscalate(slaState(candidate, nowMs, sla), candidate.escalatedStages as SlaStage[]).length)
        continue;
      const now = new Date(nowMs).toISOString();
      const stages = await this.repo.tx(async (t) => {
        // Re-read under the row lock: a command or another instance may have moved it meanwhile.
        const cur = await t.lockIncident(candidate.id);
        if (!cur || !isOpenStatus(cur.status)) return [];
        const state = slaState(cur, nowMs, sla);
        const due = stagesToEscalate(state, cur.escalatedStages as SlaStage[]);
        if (!due.length) return [];
        for (const stage of due) {
          const s = state.stages[stage];
          await t.audit({
            incidentId: cur.id,
            actor: 'system',
            time: now,
            action: 'escalate',
            from: cur.status,
            to: cur.status,
            note: null,
            data: { stage, targetS: s.targetS, deadline: s.deadline, elapsedS: Math.round(s.elapsedS ?? 0) },
          });
        }
        const updated = await t.updateIncident(
          cur.id,
          { overdue: true, escalatedStages: [...cur.escalatedStages, ...due] },
          now,
        );
        t.emitIncident('escalate', updated);
        return due;
      });
      for (const stage of stages) done.push({ incidentId: candidate.id, stage });
    }
    if (done.length) this.log.log(`escalated ${done.map((d) => `${d.incidentId}/${d.stage}`).join(', ')}`);
    return done;
  }
}
