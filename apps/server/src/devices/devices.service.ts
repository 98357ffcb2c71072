import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { searchKey } from '@ioc/domain/fold-diacritics';
import type { Device } from '@ioc/contracts/device.schema';
import { CityService } from './city.service';
import { DevicesRepository } from './devices.repository';

/** Device registry: seeded from the city config, extended by devices that show up on the feeds. */
@Injectable()
export class DevicesService implements OnModuleInit {
  private readonly log = new Logger('devices');

  constructor(
    private readonly repo: DevicesRepository,
    private readonly city: CityService,
  ) {}

  async onModuleInit(): Promise<void> {
    const { sensors, cameras } = this.city.city;
    const wardName = new Map(this.city.city.wards.map((w) => [w.id, w.name]));
    await this.repo.upsertFromConfig([
      ...sensors.map((s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        ward: s.ward,
        lat: s.lat,
        lon: s.lon,
        source: s.format,
        expectedIntervalS: s.expectedIntervalS,
        searchText: searchKey(`${s.id} ${s.name} ${wardName.get(s.ward) ?? s.ward}`),
      })),
      ...cameras.map((c) => ({
        id: c.id,
        name: c.name,
        kind: 'camera' as const,
        ward: c.ward,
        lat: c.lat,
        lon: c.lon,
        source: 'frigate',
        expectedIntervalS: 300,
        searchText: searchKey(`${c.id} ${c.name} ${wardName.get(c.ward) ?? c.ward}`),
      })),
    ]);
    this.log.log(`registry seeded with ${sensors.length} sensors and ${cameras.length} cameras`);
  }

  list(filter: { kind?: string; ward?: string; status?: string; q?: string }): Promise<Device[]> {
    // Every word must occur (diacritics and case ignored): "cho phan thiet" finds "Chợ Phan Thiết".
    const words = filter.q ? searchKey(filter.q).split(' ').filter(Boolean) : [];
    return this.repo.list({ ...filter, q: undefined, words: words.length ? words : undefined });
  }

  get(id: string): Promise<Device | null> {
    return this.repo.get(id);
  }
}
