import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { transition } from '@ioc/domain/incident.state-machine';
import { ClockService } from './clock.service';
import { lockForCommand, recordCommand, refused } from './incident-command.util';
import { IncidentsRepository, type StoredIncident } from './incidents.repository';

/**
 * Reopen (supervisor): a resolved incident goes back to work (the state machine says where:
 * `acknowledged`) with a reason; `resolvedAt` is cleared so its resolve clock runs again.
 */
@Injectable()
export class IncidentReopenService {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly clock: ClockService,
  ) {}

  reopen(id: string, user: AuthUser, reason: string): Promise<StoredIncident> {
    const now = this.clock.iso();
    // Under the raise lock: no raise can open another incident for the same condition meanwhile.
    return this.repo.tx(
      async (t) => {
        const incident = await lockForCommand(t, id, 'reopen');
        // One open incident per condition (a database fact): a newer one holds the key until it is merged.
        const open = await t.findOpenByKey(incident.key);
        if (open)
          throw refused(
            incident,
            'key_open',
            `${open.id} is open for the same condition: merge it into ${id} first`,
            { openIncidentId: open.id },
          );
        const tr = transition(incident.status, 'reopen');
        const to = tr.ok ? tr.to : incident.status;
        const updated = await t.updateIncident(id, { status: to, resolvedAt: null }, now);
        return recordCommand(t, user, 'reopen', incident, updated, now, reason, {
          resolvedAt: incident.resolvedAt,
        });
      },
      { raiseLock: true },
    );
  }
}
