import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  UnitAssignmentSchema,
  unitAssignmentTopic,
  type UnitAssignment,
} from '@ioc/contracts/unit-assignment.schema';
import { MqttService } from '../broker/mqtt.service';
import { BOOT, type BootContext } from '../config/boot.context';
import { ClockService } from './clock.service';
import { IncidentsRepository, type StoredIncident } from './incidents.repository';
import { UnitBasesService } from './unit-bases.service';
import { UnitsRepository } from './units.repository';

/**
 * Pushes each unit's assignment to its tracker / mobile data terminal, like a CAD does: a retained QoS 1
 * message on `ioc/units/<unitId>/assignment` with the unit's status, its incident (position, category)
 * or null, and its base. Always the current state read back from the database after the command
 * committed, so a lost or reordered publish is repaired by the next one, and every api instance
 * republishes all units when it (re)connects to the broker. The broker lets only server instances
 * publish there and each tracker read only its own topic (infra/mosquitto/acl.example, embedded rules).
 */
@Injectable()
export class UnitAssignmentPublisher implements OnApplicationBootstrap {
  private readonly log = new Logger('unit-assignments');

  constructor(
    private readonly mqtt: MqttService,
    private readonly units: UnitsRepository,
    private readonly incidents: IncidentsRepository,
    private readonly bases: UnitBasesService,
    private readonly clock: ClockService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  /** After every module's init (the units are seeded from city.json by then). */
  onApplicationBootstrap(): void {
    if (!this.boot.config.IOC_ROLES.includes('api')) return;
    this.mqtt.onConnect(() => void this.sync());
    if (this.mqtt.connected) void this.sync();
  }

  /** Publishes the current assignment of these units (all when absent); never throws. */
  async sync(unitIds?: readonly string[]): Promise<void> {
    if (unitIds?.length === 0) return;
    try {
      const units = await this.units.list(unitIds ? { ids: unitIds } : {});
      const incidents = new Map<string, StoredIncident | null>();
      for (const id of new Set(units.map((u) => u.incidentId).filter((x): x is string => !!x)))
        incidents.set(id, await this.incidents.get(id));
      const time = this.clock.iso();
      for (const u of units) {
        const base = this.bases.base(u.id);
        if (!base) continue;
        const i = u.incidentId ? incidents.get(u.incidentId) : null;
        const message: UnitAssignment = UnitAssignmentSchema.parse({
          unitId: u.id,
          status: u.status,
          incident:
            i && i.lat !== null && i.lon !== null
              ? {
                  id: i.id,
                  lat: i.lat,
                  lon: i.lon,
                  category: i.category,
                  severity: i.severity,
                  title: i.title.slice(0, 500),
                }
              : null,
          base,
          time,
        });
        this.publish(u.id, message);
      }
    } catch (e) {
      this.log.warn(`assignment publish failed: ${String(e)}`);
    }
  }

  private publish(unitId: string, message: UnitAssignment): void {
    if (!this.mqtt.connected) return; // republished on reconnect
    this.mqtt.client.publish(
      unitAssignmentTopic(unitId),
      JSON.stringify(message),
      { qos: 1, retain: true },
      (e) => e && this.log.warn(`publish ${unitId}: ${e.message}`),
    );
  }
}
