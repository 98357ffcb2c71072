import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  IncidentCategorySchema,
  type IncidentCommand,
  type IncidentEventAction,
  type IncidentStatus,
} from '@ioc/contracts/incident.schema';
import type { IncidentDetail, SlaView, SopState } from '@ioc/contracts/incident-detail.dto';
import { areCompatible, correlate } from '@ioc/domain/correlation';
import { searchKey } from '@ioc/domain/fold-diacritics';
import { allowedCommands, transition } from '@ioc/domain/incident.state-machine';
import { isMoreSevere } from '@ioc/domain/incident-severity';
import { localDateCompact } from '@ioc/domain/local-time';
import { slaState, type SlaStage } from '@ioc/domain/sla';
import { isSopItem, sopProgress } from '@ioc/domain/sop.checklists';
import { unitProgress, type UnitProgress } from '@ioc/domain/unit-progress.transition';
import { wardAt, type WardFeature } from '@ioc/domain/ward-locator';
import { conflict, invalidInput, notFound } from '../common/http/api.errors';
import { CityService } from '../devices/city.service';
import { ClockService } from './clock.service';
import type { IncidentProposal, RaiseResult } from './incident-proposal.types';
import { IncidentProposalSchema } from './incident-proposal.schema';
import { recordCommand } from './incident-command.util';
import { IncidentsConfigService } from './incidents-config.service';
import {
  IncidentsRepository,
  type IncidentListFilter,
  type IncidentPatch,
  type IncidentsTx,
  type StoredIncident,
} from './incidents.repository';
import { UnitAssignmentPublisher } from './unit-assignment.publisher';
import { UnitBasesService } from './unit-bases.service';
import { UnitsRepository } from './units.repository';

type Proposal = IncidentProposal;

interface CommandOutcome {
  patch?: IncidentPatch;
  data?: Record<string, unknown> | null;
  /** Audit action when it differs from the command (unit progress that moves only the unit). */
  action?: IncidentEventAction;
  /** Target status when the command does not decide it alone. */
  to?: IncidentStatus;
}

const METRES_PER_DEGREE = 111_320;

/**
 * Incidents: raising from signals (dedupe by key, correlation, opening), the lifecycle commands with
 * their audit rows, and the read models. Every change and its live events share one transaction.
 */
@Injectable()
export class IncidentsService {
  private readonly wards: WardFeature[];
  private readonly wardNames: Map<string, string>;

  constructor(
    private readonly repo: IncidentsRepository,
    private readonly units: UnitsRepository,
    private readonly config: IncidentsConfigService,
    private readonly clock: ClockService,
    city: CityService,
    private readonly bases: UnitBasesService,
    private readonly assignments: UnitAssignmentPublisher,
  ) {
    this.wards = ((city.wardsGeoJson as { features?: WardFeature[] })?.features ?? []).slice();
    this.wardNames = new Map(city.city.wards.map((w) => [w.id, w.name]));
  }

  wardName(id: string | null): string | null {
    return id ? (this.wardNames.get(id) ?? id) : null;
  }

  /**
   * A signal from the rules engine. In one transaction, serialised across instances by an advisory
   * lock (so two instances cannot both open an incident for the same condition or the same place):
   * an open incident with the same key takes it as evidence; else the nearest open incident of a
   * compatible category within R metres and T minutes does; else a new incident opens.
   */
  async raise(input: Proposal): Promise<RaiseResult> {
    const parsed = IncidentProposalSchema.safeParse(input);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`invalid incident proposal: [${i.path.join('.')}] ${i.message}`);
    }
    const p = parsed.data as Proposal;
    const time = new Date(p.time).toISOString();
    const now = this.clock.iso();
    return this.repo.tx(
      async (t) => {
        const byKey = await t.findOpenByKey(p.key);
        if (byKey) return this.attach(t, byKey, p, time, now, 'key', null);
        if (p.lat !== null && p.lon !== null) {
          const { radiusM, windowMin, compatibility } = this.config.correlation;
          const dLat = (radiusM / METRES_PER_DEGREE) * 1.01;
          const dLon = dLat / Math.max(Math.cos((p.lat * Math.PI) / 180), 0.01);
          const windowMs = windowMin * 60_000;
          const candidates = await t.correlationCandidates({
            categories: IncidentCategorySchema.options.filter((c) =>
              areCompatible(p.category, c, compatibility),
            ),
            from: new Date(Date.parse(time) - windowMs).toISOString(),
            to: new Date(Date.parse(time) + windowMs).toISOString(),
            south: p.lat - dLat,
            north: p.lat + dLat,
            west: p.lon - dLon,
            east: p.lon + dLon,
          });
          const hit = correlate(
            { category: p.category, lat: p.lat, lon: p.lon, time },
            candidates,
            this.config.correlation,
          );
          if (hit) return this.attach(t, hit.incident, p, time, now, 'correlated', hit.distanceM);
        }
        return this.open(t, p, time, now);
      },
      { raiseLock: true },
    );
  }

  private async attach(
    t: IncidentsTx,
    incident: StoredIncident,
    p: Proposal,
    time: string,
    now: string,
    matchedBy: 'key' | 'correlated',
    distanceM: number | null,
  ): Promise<RaiseResult> {
    const evidenceId = await t.addEvidence(this.evidenceOf(incident.id, p, time, now, matchedBy, distanceM));
    // The same signal again (redelivery, replay): already evidence, nothing changes.
    if (evidenceId === null) return { incidentId: incident.id, created: false, attached: true };
    const raise = isMoreSevere(p.severity, incident.severity);
    const updated = await t.updateIncident(
      incident.id,
      {
        evidenceCount: incident.evidenceCount + 1,
        lastSignalAt: Date.parse(time) > Date.parse(incident.lastSignalAt) ? time : undefined,
        severity: raise ? p.severity : undefined,
      },
      now,
    );
    await t.audit({
      incidentId: incident.id,
      actor: 'system',
      time: now,
      action: 'attach_evidence',
      from: incident.status,
      to: incident.status,
      note: null,
      data: {
        evidenceId,
        kind: p.evidence.kind,
        ref: p.evidence.ref,
        ruleId: p.ruleId,
        matchedBy,
        distanceM: distanceM === null ? null : Math.round(distanceM * 10) / 10,
        ...(raise ? { severityFrom: incident.severity, severityTo: p.severity } : {}),
      },
    });
    t.emitIncident('attach_evidence', updated);
    return { incidentId: incident.id, created: false, attached: true };
  }

  private async open(t: IncidentsTx, p: Proposal, time: string, now: string): Promise<RaiseResult> {
    const ward =
      p.ward ?? (p.lat !== null && p.lon !== null ? wardAt({ lat: p.lat, lon: p.lon }, this.wards) : null);
    const day = localDateCompact(now, this.config.timeZone);
    const id = `INC-${day}-${String(await t.nextSequence(day)).padStart(4, '0')}`;
    const relatedIncidentId = await this.recentlyResolved(t, p.key, now);
    const incident = await t.insertIncident({
      relatedIncidentId,
      id,
      key: p.key,
      category: p.category,
      subCategory: p.subCategory ?? null,
      severity: p.severity,
      urgency: p.urgency ?? 'Unknown',
      certainty: p.certainty ?? 'Unknown',
      title: p.title.vi,
      titleEn: p.title.en || null,
      description: p.description,
      lat: p.lat,
      lon: p.lon,
      ward,
      source: p.ruleId,
      openedAt: now,
      lastSignalAt: time,
      searchText: searchKey(
        [id, p.title.vi, p.title.en, p.description, ward, this.wardName(ward)].filter(Boolean).join(' '),
      ),
    });
    const evidenceId = await t.addEvidence(this.evidenceOf(id, p, time, now, 'opened', null));
    await t.audit({
      incidentId: id,
      actor: 'system',
      time: now,
      action: 'open',
      from: null,
      to: 'new',
      note: null,
      data: {
        key: p.key,
        ruleId: p.ruleId,
        evidenceId,
        kind: p.evidence.kind,
        ref: p.evidence.ref,
        ...(relatedIncidentId ? { relatedIncidentId } : {}),
      },
    });
    t.emitIncident('open', incident);
    return { incidentId: id, created: true, attached: false };
  }

  /** The incident of this key resolved within `correlation.relinkWindowMin` before `now` (a recurrence). */
  private recentlyResolved(t: IncidentsTx, key: string, now: string): Promise<string | null> {
    const windowMin = this.config.relinkWindowMin;
    if (!windowMin) return Promise.resolve(null);
    return t.resolvedByKeySince(key, new Date(Date.parse(now) - windowMin * 60_000).toISOString());
  }

  private evidenceOf(
    incidentId: string,
    p: Proposal,
    time: string,
    now: string,
    matchedBy: 'opened' | 'key' | 'correlated',
    distanceM: number | null,
  ) {
    return {
      incidentId,
      time,
      addedAt: now,
      kind: p.evidence.kind,
      ref: p.evidence.ref,
      ruleId: p.ruleId,
      category: p.category,
      severity: p.severity,
      title: p.title.vi,
      titleEn: p.title.en || null,
      description: p.description,
      lat: p.lat,
      lon: p.lon,
      matchedBy,
      distanceM,
      data: p.evidence.data,
    };
  }

  // ---- lifecycle commands -------------------------------------------------------------------------

  /**
   * Runs one command: locks the incident, checks the state machine (409 with the allowed commands),
   * applies it, writes exactly one audit row with the acting user and queues the live events.
   */
  private run(
    id: string,
    user: AuthUser,
    command: IncidentCommand,
    note: string | null,
    apply?: (
      t: IncidentsTx,
      incident: StoredIncident,
      to: IncidentStatus,
      now: string,
    ) => Promise<CommandOutcome>,
  ): Promise<StoredIncident> {
    const now = this.clock.iso();
    return this.repo.tx(async (t) => {
      const incident = await t.lockIncident(id);
      if (!incident) throw notFound(`incident ${id} not found`);
      const tr = transition(incident.status, command);
      if (!tr.ok)
        throw this.conflict(incident.status, `cannot ${command} an incident that is ${incident.status}`);
      const out = apply ? await apply(t, incident, tr.to, now) : {};
      const to = out.to ?? tr.to;
      const updated = await t.updateIncident(
        id,
        { ...out.patch, status: to !== incident.status ? to : undefined },
        now,
      );
      return recordCommand(t, user, out.action ?? command, incident, updated, now, note, out.data ?? null);
    });
  }

  private conflict(status: IncidentStatus, message: string, extra: Record<string, unknown> = {}) {
    return conflict(message, {
      status,
      allowed: allowedCommands(status),
      ...extra,
    });
  }

  ack(id: string, user: AuthUser, note?: string): Promise<StoredIncident> {
    return this.run(id, user, 'ack', note ?? null, async (_t, _i, _to, now) => ({
      patch: { acknowledgedAt: now },
    }));
  }

  assign(id: string, user: AuthUser, username: string, note?: string): Promise<StoredIncident> {
    return this.run(id, user, 'assign', note ?? null, async (t, i) => {
      const assignee = await t.activeUsername(username);
      if (!assignee) throw invalidInput('username', `no active user ${username}`);
      return { patch: { assignee }, data: { assignee, previous: i.assignee } };
    });
  }

  /** Units must be available (409 naming the others); they become dispatched to this incident. */
  dispatch(id: string, user: AuthUser, unitIds: string[], note?: string): Promise<StoredIncident> {
    return this.pushAssignments(
      unitIds,
      this.run(id, user, 'dispatch', note ?? null, async (t, i, _to, now) => {
        const found = await t.lockUnits(unitIds);
        const unknown = unitIds.filter((u) => !found.some((f) => f.id === u));
        if (unknown.length) throw invalidInput('unitIds', `unknown unit(s): ${unknown.join(', ')}`);
        const busy = found.filter((u) => u.status !== 'available');
        if (busy.length)
          throw conflict(`unit(s) not available: ${busy.map((u) => `${u.id} (${u.status})`).join(', ')}`, {
            unavailable: busy.map((u) => ({ id: u.id, status: u.status, incidentId: u.incidentId })),
          });
        await t.setUnits(unitIds, 'dispatched', id, now);
        return {
          patch: { dispatchedAt: i.dispatchedAt ?? now, unitIds: [...new Set([...i.unitIds, ...unitIds])] },
          data: { unitIds },
        };
      }),
    );
  }

  /** After the commit, tells the units' trackers their (new) assignment; see UnitAssignmentPublisher. */
  private async pushAssignments(
    unitIds: readonly string[] | ((i: StoredIncident) => readonly string[]),
    done: Promise<StoredIncident>,
  ): Promise<StoredIncident> {
    const incident = await done;
    void this.assignments.sync(typeof unitIds === 'function' ? unitIds(incident) : unitIds);
    return incident;
  }

  /**
   * A unit working the incident reports en route / on scene; the first such report moves the incident
   * (audit action en_route / on_scene), later ones only the unit (audit action unit_status). `available`
   * releases the unit from the incident (back in service; audit unit_status, data.released).
   */
  unitStatus(
    id: string,
    user: AuthUser,
    unitId: string,
    status: UnitProgress | 'available',
    note?: string,
  ): Promise<StoredIncident> {
    const now = this.clock.iso();
    return this.pushAssignments(
      [unitId],
      this.repo.tx(async (t) => {
        const incident = await t.lockIncident(id);
        if (!incident) throw notFound(`incident ${id} not found`);
        const [unit] = await t.lockUnits([unitId]);
        if (!unit || unit.incidentId !== id)
          throw conflict(`unit ${unitId} is not working incident ${id}`, {
            status: incident.status,
            allowed: allowedCommands(incident.status),
          });
        if (status === 'available') {
          // released: the unit goes back into service; the incident keeps its status (the others work on)
          await t.setUnits([unitId], 'available', null, now);
          const updated = await t.updateIncident(id, {}, now);
          return recordCommand(t, user, 'unit_status', incident, updated, now, note ?? null, {
            unitId,
            unitStatus: 'available',
            released: true,
          });
        }
        const r = unitProgress(incident.status, unit.status, status);
        if (!r.ok)
          throw this.conflict(incident.status, `${unitId}: ${r.reason}`, {
            allowedUnitStatuses: r.allowedUnitStatuses,
          });
        await t.setUnits([unitId], status, id, now);
        const updated =
          r.incidentTo !== incident.status
            ? await t.updateIncident(id, { status: r.incidentTo }, now)
            : await t.updateIncident(id, {}, now);
        const action: IncidentEventAction = r.incidentCommand ?? 'unit_status';
        return recordCommand(t, user, action, incident, updated, now, note ?? null, {
          unitId,
          unitStatus: status,
        });
      }),
    );
  }

  /**
   * A unit working the incident asks for backup (field view): one audit row (unit_status, data.backup) and
   * a live incident event, so operators see it at once; the status does not move. Dispatching more units
   * answers it (libs/domain field-assignment.rules openBackupRequests).
   */
  requestBackup(id: string, user: AuthUser, unitId: string, note?: string): Promise<StoredIncident> {
    const now = this.clock.iso();
    return this.repo.tx(async (t) => {
      const incident = await t.lockIncident(id);
      if (!incident) throw notFound(`incident ${id} not found`);
      const [unit] = await t.lockUnits([unitId]);
      if (!unit || unit.incidentId !== id)
        throw conflict(`unit ${unitId} is not working incident ${id}`, { status: incident.status });
      const updated = await t.updateIncident(id, {}, now);
      return recordCommand(t, user, 'unit_status', incident, updated, now, note ?? null, {
        unitId,
        unitStatus: unit.status,
        backup: true,
      });
    });
  }

  /** Frees the incident's units (back to available) as part of resolve / close / cancel. */
  private async freeUnits(t: IncidentsTx, id: string, now: string): Promise<string[]> {
    const working = await t.lockUnitsOf(id);
    const ids = working.map((u) => u.id);
    await t.setUnits(ids, 'available', null, now);
    return ids;
  }

  /** `publicNote`: what the citizens whose reports it holds read on their status page. */
  resolve(id: string, user: AuthUser, note: string, publicNote?: string): Promise<StoredIncident> {
    return this.pushAssignments(
      (i) => i.unitIds,
      this.run(id, user, 'resolve', note, async (t, _i, _to, now) => ({
        patch: { resolvedAt: now },
        data: { freedUnits: await this.freeUnits(t, id, now), ...(publicNote ? { publicNote } : {}) },
      })),
    );
  }

  close(id: string, user: AuthUser, note: string): Promise<StoredIncident> {
    return this.pushAssignments(
      (i) => i.unitIds,
      this.run(id, user, 'close', note, async (t, _i, _to, now) => ({
        patch: { closedAt: now },
        data: { freedUnits: await this.freeUnits(t, id, now) },
      })),
    );
  }

  /** Cancelled incidents also get closedAt: the time they left the active list. */
  cancel(id: string, user: AuthUser, reason: string): Promise<StoredIncident> {
    return this.pushAssignments(
      (i) => i.unitIds,
      this.run(id, user, 'cancel', reason, async (t, _i, _to, now) => ({
        patch: { closedAt: now },
        data: { freedUnits: await this.freeUnits(t, id, now) },
      })),
    );
  }

  comment(id: string, user: AuthUser, text: string): Promise<StoredIncident> {
    return this.run(id, user, 'comment', text);
  }

  tickSop(
    id: string,
    user: AuthUser,
    itemId: string,
    ticked: boolean,
    note?: string,
  ): Promise<StoredIncident> {
    return this.run(id, user, 'tick_sop', note ?? null, async (t, i, _to, now) => {
      if (!isSopItem(this.config.sopFor(i.category), itemId))
        throw invalidInput('itemId', `${itemId} is not on the ${i.category} checklist`);
      await t.tickSop(id, itemId, ticked, user.username, now);
      return { data: { itemId, ticked } };
    });
  }

  // ---- reads ------------------------------------------------------------------------------------------

  get(id: string): Promise<StoredIncident | null> {
    return this.repo.get(id);
  }

  list(filter: IncidentListFilter) {
    return this.repo.list(filter);
  }

  async detail(id: string): Promise<IncidentDetail | null> {
    const incident = await this.repo.get(id);
    if (!incident) return null;
    const [evidence, timeline, ticks, units, related] = await Promise.all([
      this.repo.evidence(id),
      this.repo.timeline(id),
      this.repo.sopTicks(id),
      this.units.list({ incidentId: id }).then((u) => this.bases.place(u)),
      incident.relatedIncidentId ? this.repo.get(incident.relatedIncidentId) : null,
    ]);
    const { key, escalatedStages, version: _v, ...pub } = incident;
    return {
      ...pub,
      key,
      wardName: this.wardName(incident.ward),
      evidence,
      timeline,
      sop: this.sopState(incident, ticks),
      sla: this.slaView(incident, this.clock.now(), escalatedStages),
      units,
      allowedCommands: allowedCommands(incident.status),
      related: related && {
        id: related.id,
        status: related.status,
        title: related.title,
        titleEn: related.titleEn,
        resolvedAt: related.resolvedAt,
        closedAt: related.closedAt,
      },
    };
  }

  private sopState(
    incident: StoredIncident,
    ticks: { itemId: string; ticked: boolean; actor: string; time: string }[],
  ): SopState {
    const items = this.config.sopFor(incident.category);
    const byId = new Map(ticks.map((t) => [t.itemId, t]));
    const progress = sopProgress(
      items,
      ticks.filter((t) => t.ticked).map((t) => t.itemId),
    );
    return {
      items: items.map((i) => {
        const t = byId.get(i.id);
        return {
          id: i.id,
          vi: i.vi,
          en: i.en,
          ticked: !!t?.ticked,
          by: t?.actor ?? null,
          at: t?.time ?? null,
        };
      }),
      done: progress.done,
      total: progress.total,
      complete: progress.complete,
    };
  }

  slaView(incident: StoredIncident, nowMs: number, escalated: readonly string[]): SlaView {
    const s = slaState(incident, nowMs, this.config.sla);
    const stages = {} as SlaView['stages'];
    for (const [stage, v] of Object.entries(s.stages) as [SlaStage, (typeof s.stages)[SlaStage]][])
      stages[stage] = { ...v, escalated: escalated.includes(stage) };
    return { stages, overdue: s.overdue || incident.overdue, nextDeadline: s.nextDeadline };
  }
}
