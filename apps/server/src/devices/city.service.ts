import { Inject, Injectable } from '@nestjs/common';
import { CitySchema, type City } from '@ioc/contracts/city.schema';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BOOT, type BootContext } from '../config/boot.context';

/** The city configuration (wards, sensors, cameras, units), validated once at start. */
@Injectable()
export class CityService {
  readonly city: City;
  readonly wardsGeoJson: unknown;

  constructor(@Inject(BOOT) boot: BootContext) {
    const dir = resolve(boot.repoRoot, boot.config.CITY_DIR);
    const parsed = CitySchema.safeParse(JSON.parse(readFileSync(resolve(dir, 'city.json'), 'utf8')));
    if (!parsed.success) throw new Error(`invalid ${dir}/city.json: ${parsed.error.issues[0]?.message}`);
    this.city = parsed.data;
    this.wardsGeoJson = JSON.parse(readFileSync(resolve(dir, 'wards.geojson'), 'utf8'));
  }
}
