import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  CITIZEN_REPORT_TEXT_MAX,
  type CitizenReportCreated,
  type CitizenReportInput,
} from '@ioc/contracts/citizen-report.dto';
import type { BBox } from '@ioc/domain/geo';
import { cleanLabel, cleanText } from '@ioc/feeds/text.util';
import { InputError, type FieldError } from '../common/http/api.errors';
import { CityService } from '../devices/city.service';
import { SignalsRepository } from '../ingest/signals.repository';
import { SignalProcessorService } from '../rules/signal-processor.service';
import { citizenReportSignal } from './citizen-report.signal';

/** The [west, south, east, north] extent of the ward polygons (GeoJSON [lon, lat] rings). */
function extentOf(geojson: unknown): BBox | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of (geojson as { features?: { geometry?: { coordinates?: unknown } }[] })?.features ?? [])
    visit(f.geometry?.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/**
 * Citizen reports entered by hotline operators: validated, stored as an incident signal exactly like
 * the MQTT `ioc/reports` ones, and processed at once so the caller learns the incident.
 */
@Injectable()
export class ReportsService {
  private readonly log = new Logger('reports');
  readonly bbox: BBox | null;

  constructor(
    city: CityService,
    private readonly signals: SignalsRepository,
    private readonly processor: SignalProcessorService,
  ) {
    this.bbox = city.city.bbox ?? extentOf(city.wardsGeoJson);
  }

  /** 400 naming lat/lon outside the city's extent (the schema, checked before, knows no city). */
  checkInsideCity({ lat, lon }: Pick<CitizenReportInput, 'lat' | 'lon'>): void {
    if (!this.bbox) return;
    const [west, south, east, north] = this.bbox;
    const errors: FieldError[] = [];
    if (lat < south || lat > north)
      errors.push({ field: 'lat', message: `must be inside the city (${south} to ${north})` });
    if (lon < west || lon > east)
      errors.push({ field: 'lon', message: `must be inside the city (${west} to ${east})` });
    if (errors.length) throw new InputError(errors);
  }

  /**
   * 201 with the incident, or — when incidents cannot be reached — the report stays queued (202). `input`
   * is validated (schema and city extent) before the controller rate-limits, so only valid reports count.
   */
  async create(
    input: CitizenReportInput,
    user?: AuthUser,
  ): Promise<{ queued: boolean; result: CitizenReportCreated }> {
    const id = randomUUID();
    const sourceId = `report:${id}`;
    const now = new Date().toISOString();
    await this.signals.insert([
      citizenReportSignal(
        {
          id,
          category: input.category,
          description: cleanText(input.text, CITIZEN_REPORT_TEXT_MAX).text,
          lat: input.lat,
          lon: input.lon,
          contact: input.contact ? cleanLabel(input.contact, 200) || null : null,
          photoUrl: input.photoUrl ? new URL(input.photoUrl).href : null,
          raw: { ...input, via: 'rest', enteredBy: user?.username ?? null },
        },
        now,
      ),
    ]);
    try {
      const r = await this.processor.processNow('citizen_report', sourceId);
      return { queued: false, result: { id, incidentId: r.incidentId, created: r.created } };
    } catch (e) {
      this.log.warn(`report ${id} stored, incident not raised yet: ${(e as Error).message}`);
      return { queued: true, result: { id, incidentId: null, created: false } };
    }
  }
}
