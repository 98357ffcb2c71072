import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { DispatchPlan } from '@ioc/contracts/dispatch-plan.dto';
import type { NearestUnit } from '@ioc/contracts/incident-detail.dto';
import type { Incident } from '@ioc/contracts/incident.schema';
import type { Unit, UnitType } from '@ioc/contracts/unit.schema';
import { needsFor } from '@ioc/domain/dispatch.needs';
import { planDispatch } from '@ioc/domain/dispatch.plan';
import { conflict, notFound } from '../common/http/api.errors';
import { CityService } from '../devices/city.service';
import { ClockService } from './clock.service';
import { IncidentsConfigService } from './incidents-config.service';
import { UnitBasesService } from './unit-bases.service';
import { UnitsRepository } from './units.repository';

/** Response units: seeded from city.json, positions from OwnTracks (or their base), status driven by incidents. */
@Injectable()
export class UnitsService implements OnModuleInit {
  private readonly log = new Logger('units');

  constructor(
    private readonly repo: UnitsRepository,
    private readonly city: CityService,
    private readonly bases: UnitBasesService,
    private readonly config: IncidentsConfigService,
    private readonly clock: ClockService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repo.upsertFromConfig(this.city.city.units);
    this.log.log(`${this.city.city.units.length} units from the city config`);
  }

  /** Every unit; those without a fix at their base (`atBase`). */
  async list(filter: { ids?: readonly string[]; incidentId?: string } = {}): Promise<Unit[]> {
    return this.bases.place(await this.repo.list(filter));
  }

  /**
   * The dispatch proposal for an incident: its needs (incidents.yaml `dispatch.needs`), every available
   * unit nearest first (from its fix, or its base), the nearest of each needed type marked `proposed`.
   */
  async plan(
    incident: Pick<Incident, 'id' | 'category' | 'severity' | 'lat' | 'lon'>,
  ): Promise<DispatchPlan> {
    const { defaultSpeedKmh, speedsKmh, needs: table } = this.config.config.dispatch;
    const needs = needsFor(incident.category, incident.severity, table);
    const base = { incidentId: incident.id, category: incident.category, severity: incident.severity, needs };
    if (incident.lat === null || incident.lon === null)
      return { ...base, unmet: needs, working: [], candidates: [] };
    const r = planDispatch({ lat: incident.lat, lon: incident.lon }, needs, await this.list(), {
      defaultSpeedKmh,
      speedsKmh,
      incidentId: incident.id,
    });
    return { ...base, ...r };
  }

  /** The plan's candidates, optionally of some types only and at most `limit` (default: all). */
  async nearest(
    incident: Pick<Incident, 'id' | 'category' | 'severity' | 'lat' | 'lon'>,
    opts: { types?: UnitType[]; limit?: number },
  ): Promise<NearestUnit[]> {
    const types = opts.types?.length ? new Set(opts.types) : null;
    const all = (await this.plan(incident)).candidates.filter((c) => !types || types.has(c.unit.type));
    return opts.limit !== undefined ? all.slice(0, opts.limit) : all;
  }

  async setAvailability(id: string, status: 'available' | 'off_duty'): Promise<Unit> {
    const r = await this.repo.setAvailability(id, status, this.clock.iso());
    if (!r.ok && r.reason === 'not_found') throw notFound(`unit ${id} not found`);
    if (!r.ok && r.reason === 'busy')
      throw conflict(
        `unit ${id} is ${r.status} on incident ${r.incidentId}; resolve or cancel the incident to free it`,
        {
          status: r.status,
          incidentId: r.incidentId,
        },
      );
    const [unit] = await this.list({ ids: [id] });
    return unit;
  }
}
