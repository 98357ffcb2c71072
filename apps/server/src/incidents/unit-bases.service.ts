import { Injectable } from '@nestjs/common';
import type { CityUnit } from '@ioc/contracts/city.schema';
import type { Unit } from '@ioc/contracts/unit.schema';
import { CityService } from '../devices/city.service';

/**
 * Units' bases (stations) from city.json. A unit without a tracker fix is placed at its base: on a fresh
 * deployment, or one whose trackers are not connected yet, the desk still sees every unit and can rank
 * them by distance — marked `atBase` so nobody mistakes the base for a live position.
 */
@Injectable()
export class UnitBasesService {
  private readonly bases: ReadonlyMap<string, CityUnit>;

  constructor(city: CityService) {
    this.bases = new Map(city.city.units.map((u) => [u.id, u]));
  }

  base(unitId: string): { lat: number; lon: number; name: string } | null {
    const b = this.bases.get(unitId);
    return b ? { lat: b.lat, lon: b.lon, name: b.baseName } : null;
  }

  /** Units with a fix keep it (`atBase: false`); the others get their base position (`atBase: true`). */
  place(units: readonly Unit[]): Unit[] {
    return units.map((u) => {
      const b = this.bases.get(u.id);
      const baseName = b?.baseName;
      if (u.lat !== null && u.lon !== null) return { ...u, atBase: false, ...(baseName && { baseName }) };
      if (!b) return { ...u, atBase: false };
      return { ...u, lat: b.lat, lon: b.lon, atBase: true, baseName: b.baseName };
    });
  }
}
