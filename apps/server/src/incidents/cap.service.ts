import { Injectable } from '@nestjs/common';
import { capAlertXml } from '@ioc/domain/cap-alert';
import { CityService } from '../devices/city.service';
import { IncidentsConfigService } from './incidents-config.service';
import type { StoredIncident } from './incidents.repository';

/** CAP 1.2 XML of an incident with the city's sender, zone and area names. */
@Injectable()
export class CapService {
  constructor(
    private readonly config: IncidentsConfigService,
    private readonly city: CityService,
  ) {}

  xml(incident: StoredIncident): string {
    const { cap, timeZone, correlation } = this.config.config;
    const c = this.city.city;
    const ward = incident.ward ? c.wards.find((w) => w.id === incident.ward) : undefined;
    const place = ward ? `${ward.name}, ${c.name}` : c.name;
    return capAlertXml(incident, {
      sender: cap.sender,
      senderName: cap.senderName,
      scope: cap.scope,
      restriction: cap.restriction,
      timeZone,
      // Ward names are proper nouns: the same text serves both languages.
      areaDesc: { vi: place, en: place },
      radiusKm: (cap.areaRadiusM ?? correlation.radiusM) / 1000,
    });
  }
}
