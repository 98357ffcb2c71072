import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import type { RetriageBody } from '@ioc/contracts/incident-command.dto';
import { searchKey } from '@ioc/domain/fold-diacritics';
import { slaAfterRetriage, type SlaStage } from '@ioc/domain/sla';
import { invalidInput } from '../common/http/api.errors';
import { ClockService } from './clock.service';
import { lockForCommand, recordCommand } from './incident-command.util';
import { IncidentsConfigService } from './incidents-config.service';
import { IncidentsRepository, type StoredIncident } from './incidents.repository';
import { IncidentsService } from './incidents.service';

const FIELDS = ['severity', 'category', 'title', 'titleEn'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Re-triage: an operator corrects the severity, category or titles of an open incident, with a note.
 * The audit row carries every changed field as `{ from, to }`; the live event updates every console.
 * SLA deadlines are computed from severity and category on every read, so they follow at once; the
 * stored escalations and the overdue flag are recomputed for the new targets (`slaAfterRetriage`).
 */
@Injectable()
export class IncidentRetriageService {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly incidents: IncidentsService,
    private readonly config: IncidentsConfigService,
    private readonly clock: ClockService,
  ) {}

  retriage(id: string, user: AuthUser, body: RetriageBody): Promise<StoredIncident> {
    const now = this.clock.iso();
    return this.repo.tx(async (t) => {
      const incident = await lockForCommand(t, id, 'retriage');
      const changes: Partial<Record<Field, { from: unknown; to: unknown }>> = {};
      for (const f of FIELDS)
        if (body[f] !== undefined && body[f] !== incident[f]) changes[f] = { from: incident[f], to: body[f] };
      if (!Object.keys(changes).length)
        throw invalidInput(FIELDS.find((f) => body[f] !== undefined) ?? 'body', 'changes nothing');
      const next = {
        ...incident,
        severity: body.severity ?? incident.severity,
        category: body.category ?? incident.category,
        title: body.title ?? incident.title,
        titleEn: body.titleEn === undefined ? incident.titleEn : body.titleEn,
      };
      const sla = slaAfterRetriage(
        next,
        this.clock.now(),
        this.config.sla,
        incident.escalatedStages as SlaStage[],
      );
      const updated = await t.updateIncident(
        id,
        {
          severity: next.severity,
          category: next.category,
          title: next.title,
          titleEn: next.titleEn,
          // the same words as at opening (IncidentsService.open), with the new titles
          searchText: searchKey(
            [id, next.title, next.titleEn, next.description, next.ward, this.incidents.wardName(next.ward)]
              .filter(Boolean)
              .join(' '),
          ),
          overdue: sla.overdue,
          escalatedStages: sla.escalatedStages,
        },
        now,
      );
      return recordCommand(t, user, 'retriage', incident, updated, now, body.note, {
        changes,
        ...(incident.overdue !== sla.overdue ? { overdue: { from: incident.overdue, to: sla.overdue } } : {}),
      });
    });
  }
}
