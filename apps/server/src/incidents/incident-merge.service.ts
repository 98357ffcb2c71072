import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { canReceiveMerge } from '@ioc/domain/incident.state-machine';
import { isMoreSevere } from '@ioc/domain/incident-severity';
import { invalidInput, notFound } from '../common/http/api.errors';
import { ClockService } from './clock.service';
import { lockForCommand, recordCommand, refused } from './incident-command.util';
import { IncidentsRepository, type StoredIncident } from './incidents.repository';
import { UnitAssignmentPublisher } from './unit-assignment.publisher';

/** Longest `merged_into` chain followed when looking for a cycle (chains are one link in practice). */
const MAX_CHAIN = 1000;

/**
 * Merge (supervisor): the incident is a duplicate of `into`. In one transaction, under the raise lock (no
 * signal attaches to either meanwhile): its evidence moves to `into` (signals `into` already holds stay),
 * its units are freed, it is cancelled with `mergedInto`; both incidents get an audit row (`merge` on the
 * duplicate, `merge_in` on the target) and a live event. The target's severity rises to the duplicate's
 * when that is higher, as when a signal attaches. Refused (409 with `reason`): into itself (`self`),
 * across a cycle of earlier merges (`cycle`), into a closed or cancelled incident (`target_ended`).
 */
@Injectable()
export class IncidentMergeService {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly clock: ClockService,
    private readonly assignments: UnitAssignmentPublisher,
  ) {}

  async merge(id: string, user: AuthUser, into: string, note: string): Promise<StoredIncident> {
    const before = await this.repo.get(id);
    const merged = await this.mergeTx(id, user, into, note);
    // After the commit: the duplicate's freed units learn they are released (their terminals drive back).
    if (before?.unitIds.length) void this.assignments.sync(before.unitIds);
    return merged;
  }

  private mergeTx(id: string, user: AuthUser, into: string, note: string): Promise<StoredIncident> {
    const now = this.clock.iso();
    return this.repo.tx(
      async (t) => {
        // Both rows are locked in id order, as dispatch locks units: two crossed merges cannot deadlock.
        const [first, second] = [id, into].sort();
        const locked = new Map<string, StoredIncident | null>();
        locked.set(first, await t.lockIncident(first));
        if (second !== first) locked.set(second, await t.lockIncident(second));
        if (!locked.get(id)) throw notFound(`incident ${id} not found`);
        const source = await lockForCommand(t, id, 'merge');
        if (into === id) throw refused(source, 'self', `cannot merge ${id} into itself`);
        const target = locked.get(into);
        if (!target) throw invalidInput('into', `no incident ${into}`);
        // A cycle: the target was itself (directly or through others) merged into this incident.
        const seen = new Set<string>([into]);
        for (let cur = target.mergedInto; cur; cur = await t.mergedIntoOf(cur)) {
          if (cur === id)
            throw refused(source, 'cycle', `${into} was merged into ${id}: merging back would make a cycle`, {
              into,
            });
          if (seen.has(cur) || seen.size > MAX_CHAIN) break;
          seen.add(cur);
        }
        if (!canReceiveMerge(target.status))
          throw refused(source, 'target_ended', `cannot merge into ${into}: it is ${target.status}`, {
            into,
            targetStatus: target.status,
          });

        const moved = await t.moveEvidence(id, into);
        const units = await t.lockUnitsOf(id);
        const freedUnits = units.map((u) => u.id);
        await t.setUnits(freedUnits, 'available', null, now);
        const raise = isMoreSevere(source.severity, target.severity);
        const updatedSource = await t.updateIncident(
          id,
          {
            status: 'cancelled',
            closedAt: now,
            mergedInto: into,
            evidenceCount: await t.evidenceCountOf(id),
          },
          now,
        );
        const updatedTarget = await t.updateIncident(
          into,
          {
            evidenceCount: await t.evidenceCountOf(into),
            lastSignalAt:
              moved.latest && Date.parse(moved.latest) > Date.parse(target.lastSignalAt)
                ? moved.latest
                : undefined,
            severity: raise ? source.severity : undefined,
          },
          now,
        );
        await recordCommand(t, user, 'merge_in', target, updatedTarget, now, note, {
          from: id,
          evidenceIds: moved.ids,
          ...(raise ? { severityFrom: target.severity, severityTo: source.severity } : {}),
        });
        return recordCommand(t, user, 'merge', source, updatedSource, now, note, {
          into,
          evidenceIds: moved.ids,
          freedUnits,
        });
      },
      { raiseLock: true },
    );
  }
}
