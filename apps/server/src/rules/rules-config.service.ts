import { Inject, Injectable, Logger } from '@nestjs/common';
import { BOOT, type BootContext } from '../config/boot.context';
import { CityService } from '../devices/city.service';
import { DevicesService } from '../devices/devices.service';
import type { DeviceMeta } from './proposal.factory';
import { loadRulesFile, rulesFilePath, type LoadedRules } from './rules.loader';

/** The rules file, validated once at start (a bad file stops the server), and device facts for rules. */
@Injectable()
export class RulesConfigService {
  private readonly log = new Logger('rules');
  readonly rules: LoadedRules;
  private readonly cityDevices = new Map<string, DeviceMeta>();
  private readonly wardNames: Map<string, string>;
  /** Devices outside the city config, looked up in the registry (their kind and place may change). */
  private readonly registryCache = new Map<string, { meta: DeviceMeta | null; at: number }>();

  constructor(
    @Inject(BOOT) boot: BootContext,
    city: CityService,
    private readonly devices: DevicesService,
  ) {
    const path = rulesFilePath(boot.repoRoot, boot.config.CITY_DIR, boot.config.RULES_FILE);
    this.rules = loadRulesFile(path, city.city);
    const wardName = new Map(city.city.wards.map((w) => [w.id, w.name]));
    this.wardNames = wardName;
    for (const s of city.city.sensors)
      this.cityDevices.set(s.id, {
        id: s.id,
        name: s.name,
        kind: s.kind,
        ward: s.ward,
        wardName: wardName.get(s.ward) ?? null,
        lat: s.lat,
        lon: s.lon,
      });
    for (const c of city.city.cameras)
      this.cityDevices.set(c.id, {
        id: c.id,
        name: c.name,
        kind: 'camera',
        ward: c.ward,
        wardName: wardName.get(c.ward) ?? null,
        lat: c.lat,
        lon: c.lon,
      });
    const enabled = this.rules.file.rules.filter((r) => r.enabled).length;
    this.log.log(`${enabled} of ${this.rules.file.rules.length} rules enabled (${path})`);
  }

  /** A ward's name from the city config (null for no ward; the id for an unknown one). */
  wardName(id: string | null): string | null {
    return id === null ? null : (this.wardNames.get(id) ?? id);
  }

  /** Every sensor and camera of the city config. */
  allCityDevices(): DeviceMeta[] {
    return [...this.cityDevices.values()];
  }

  /** A city device, synchronously (null for devices outside the city config). */
  cityDevice(id: string): DeviceMeta | null {
    return this.cityDevices.get(id) ?? null;
  }

  /** City device, else the registry (cached for a minute); a bare id when unknown everywhere. */
  async device(id: string): Promise<DeviceMeta> {
    const known = this.cityDevices.get(id);
    if (known) return known;
    const cached = this.registryCache.get(id);
    if (cached && Date.now() - cached.at < 60_000 && cached.meta) return cached.meta;
    const d = await this.devices.get(id).catch(() => null);
    const meta: DeviceMeta = d
      ? { id, name: d.name, kind: d.kind, ward: d.ward, wardName: null, lat: d.lat, lon: d.lon }
      : { id, name: id, kind: null, ward: null, wardName: null, lat: null, lon: null };
    if (this.registryCache.size > 10_000) this.registryCache.clear();
    this.registryCache.set(id, { meta, at: Date.now() });
    return meta;
  }
}
