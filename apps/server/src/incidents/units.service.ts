import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { NearestUnit } from '@ioc/contracts/incident-detail.dto';
import type { Unit, UnitType } from '@ioc/contracts/unit.schema';
import { suggestUnits } from '@ioc/domain/dispatch.suggest';
import { conflict, notFound } from '../common/http/api.errors';
import { CityService } from '../devices/city.service';
import { ClockService } from './clock.service';
import { IncidentsConfigService } from './incidents-config.service';
import { UnitsRepository } from './units.repository';

/** Response units: seeded from city.json, positions from OwnTracks, status driven by incidents. */
@Injectable()
export class UnitsService implements OnModuleInit {
  private readonly log = new Logger('units');

  constructor(
    private readonly repo: UnitsRepository,
    private readonly city: CityService,
    private readonly config: IncidentsConfigService,
    private readonly clock: ClockService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.repo.upsertFromConfig(this.city.city.units);
    this.log.log(`${this.city.city.units.length} units from the city config`);
  }

  list(): Promise<Unit[]> {
    return this.repo.list();
  }

  /** Available units with a position, nearest first by great-circle distance, ETA at the configured speed. */
  async nearest(
    point: { lat: number; lon: number },
    opts: { types?: UnitType[]; limit?: number },
  ): Promise<NearestUnit[]> {
    const { defaultSpeedKmh, speedsKmh } = this.config.config.dispatch;
    return suggestUnits(point, await this.repo.list(), {
      types: opts.types,
      limit: opts.limit,
      defaultSpeedKmh,
      speedsKmh,
    });
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
    const [unit] = await this.repo.list({ ids: [id] });
    return unit;
  }
}
