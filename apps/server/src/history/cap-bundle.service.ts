import { Injectable } from '@nestjs/common';
import type { IncidentCategory } from '@ioc/contracts/incident.schema';
import { xmlEscape } from '@ioc/domain/cap-alert';
import { CapService } from '../incidents/cap.service';
import { IncidentsService } from '../incidents/incidents.service';
import type { StoredIncident } from '../incidents/incidents.repository';

/** Most incidents one bundle carries (a month of a city's incidents fits; page by range beyond). */
export const CAP_BUNDLE_MAX = 1000;

/**
 * CAP 1.2 for a set of incidents. CAP has no multi-alert container, so the bundle is our own thin
 * wrapper (documented in docs/api.md): `<capBundle xmlns="urn:ioc:cap-bundle:1">` holding one unmodified
 * CAP 1.2 `<alert>` per incident (each the same XML as GET /api/incidents/:id/cap, minus its XML
 * declaration), oldest first; a consumer that knows CAP splits it on `alert` elements.
 */
@Injectable()
export class CapBundleService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly cap: CapService,
  ) {}

  async bundle(q: {
    from?: string;
    to?: string;
    ids?: string[];
    category?: IncidentCategory[];
    ward?: string[];
  }): Promise<{ xml: string; count: number; truncated: boolean }> {
    let list: StoredIncident[];
    let total: number;
    if (q.ids) {
      const found = await Promise.all(q.ids.map((id) => this.incidents.get(id)));
      list = found.filter((i): i is StoredIncident => i !== null);
      total = list.length;
    } else {
      const r = await this.incidents.list({
        from: q.from,
        to: q.to,
        category: q.category,
        ward: q.ward,
        limit: CAP_BUNDLE_MAX,
        offset: 0,
      });
      list = r.items;
      total = r.total;
    }
    list.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : a.id < b.id ? -1 : 1));
    const alerts = list.map((i) => this.cap.xml(i).replace(/^<\?xml[^>]*\?>\s*/, ''));
    const attrs = [
      `generated="${new Date().toISOString()}"`,
      `count="${list.length}"`,
      ...(q.from ? [`from="${xmlEscape(q.from)}"`] : []),
      ...(q.to ? [`to="${xmlEscape(q.to)}"`] : []),
      ...(total > list.length ? [`truncated="true"`] : []),
    ];
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<capBundle xmlns="urn:ioc:cap-bundle:1" ${attrs.join(' ')}>`,
      ...alerts,
      '</capBundle>',
      '',
    ].join('\n');
    return { xml, count: list.length, truncated: total > list.length };
  }
}
