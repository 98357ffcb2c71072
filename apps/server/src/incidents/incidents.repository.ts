import { Injectable } from '@nestjs/common';
import { type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type {
  CapSeverity,
  Incident,
  IncidentCategory,
  IncidentEvent,
  IncidentEventAction,
  IncidentStatus,
} from '@ioc/contracts/incident.schema';
import type { IncidentEvidence } from '@ioc/contracts/incident-detail.dto';
import type { LiveEventInput } from '@ioc/contracts/live-event.schema';
import type { UnitStatus } from '@ioc/contracts/unit.schema';
import { OPEN_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import { Database } from '../db/database.pool';
import type { DB, IncidentsTable, UnitsTable } from '../db/database.schema';
import { anyOf, searchTextHasAll, timestamptz } from '../db/query.helpers';
import { appendLiveEvents } from '../outbox/live-events.repository';

/** Transaction-scoped advisory lock: one raise at a time across every instance (see IncidentsService.raise). */
const RAISE_LOCK = 7243503;

export const OPEN_STATUSES = OPEN_INCIDENT_STATUSES;

/** Stored fields the public contract leaves out. */
type IncidentInternals = 'key' | 'escalatedStages' | 'version';

/** The stored incident: the public contract plus its internals (never the search text). */
export type StoredIncident = Incident & Pick<Selectable<IncidentsTable>, IncidentInternals>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toIncident({ searchText: _s, ...r }: Selectable<IncidentsTable>): StoredIncident {
  return {
    ...r,
    openedAt: r.openedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    lastSignalAt: r.lastSignalAt.toISOString(),
    acknowledgedAt: iso(r.acknowledgedAt),
    dispatchedAt: iso(r.dispatchedAt),
    resolvedAt: iso(r.resolvedAt),
    closedAt: iso(r.closedAt),
  };
}

/** The public shape (live payloads, lists): no key/version internals. */
export function publicIncident(i: StoredIncident): Incident {
  const { key: _k, escalatedStages: _e, version: _v, ...rest } = i;
  return rest;
}

/** The unit columns incident commands lock, change and publish. */
export const UNIT_COLUMNS = ['id', 'name', 'type', 'status', 'incidentId', 'updatedAt'] as const;
export type UnitRow = Pick<Selectable<UnitsTable>, (typeof UNIT_COLUMNS)[number]>;

/** The live event of a unit's status change (the payload the console's unit layer reads). */
export function unitLiveEvent(u: UnitRow): LiveEventInput {
  return {
    kind: 'unit',
    entityId: u.id,
    op: 'status',
    payload: { id: u.id, status: u.status, incidentId: u.incidentId, updatedAt: u.updatedAt.toISOString() },
  };
}

/** What opening an incident writes; status, updatedAt and the evidence count are the opening's own. */
export type NewIncident = Omit<Insertable<IncidentsTable>, 'status' | 'updatedAt' | 'evidenceCount'>;

/** An evidence row to insert: the DTO without its id. */
export interface NewEvidence extends Omit<IncidentEvidence, 'id'> {
  incidentId: string;
}

/** Columns a command may change; updatedAt and version are bumped by every update. */
export type IncidentPatch = Pick<
  Updateable<IncidentsTable>,
  | 'status'
  | 'severity'
  | 'lastSignalAt'
  | 'acknowledgedAt'
  | 'dispatchedAt'
  | 'resolvedAt'
  | 'closedAt'
  | 'assignee'
  | 'unitIds'
  | 'evidenceCount'
  | 'overdue'
  | 'escalatedStages'
  // re-triage and merge (incident-retriage.service.ts, incident-merge.service.ts)
  | 'category'
  | 'title'
  | 'titleEn'
  | 'searchText'
  | 'mergedInto'
>;

/**
 * One transaction's view of the incident tables. Live events queued with `emit*` are appended by
 * `IncidentsRepository.tx` as the last statement before COMMIT.
 */
export class IncidentsTx {
  readonly live: LiveEventInput[] = [];

  constructor(private readonly k: Kysely<DB>) {}

  async lockIncident(id: string): Promise<StoredIncident | null> {
    const row = await this.k
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? toIncident(row) : null;
  }

  async findOpenByKey(key: string): Promise<StoredIncident | null> {
    const row = await this.k
      .selectFrom('incidents')
      .selectAll()
      .where('key', '=', key)
      .where('status', '=', anyOf(OPEN_STATUSES))
      .forUpdate()
      .executeTakeFirst();
    return row ? toIncident(row) : null;
  }

  /** Open incidents of these categories whose latest signal lies in [from, to], inside the box. */
  async correlationCandidates(f: {
    categories: readonly IncidentCategory[];
    from: string;
    to: string;
    south: number;
    north: number;
    west: number;
    east: number;
  }): Promise<StoredIncident[]> {
    const rows = await this.k
      .selectFrom('incidents')
      .selectAll()
      .where('status', '=', anyOf(OPEN_STATUSES))
      .where('category', '=', anyOf(f.categories))
      .where((eb) =>
        eb.and([
          eb.between('lastSignalAt', timestamptz(f.from), timestamptz(f.to)),
          eb.between('lat', f.south, f.north),
          eb.between('lon', f.west, f.east),
        ]),
      )
      .execute();
    return rows.map(toIncident);
  }

  async nextSequence(day: string): Promise<number> {
    const row = await this.k
      .insertInto('incident_counters')
      .values({ day, last: 1 })
      .onConflict((oc) =>
        oc.column('day').doUpdateSet((eb) => ({ last: eb('incident_counters.last', '+', 1) })),
      )
      .returning('last')
      .executeTakeFirstOrThrow();
    return row.last;
  }

  async insertIncident(n: NewIncident): Promise<StoredIncident> {
    const row = await this.k
      .insertInto('incidents')
      .values({ ...n, status: 'new', updatedAt: n.openedAt, evidenceCount: 1 })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIncident(row);
  }

  /** Applies the patch (undefined fields stay as they are), bumps version and updated_at. */
  async updateIncident(id: string, patch: IncidentPatch, time: string): Promise<StoredIncident> {
    const row = await this.k
      .updateTable('incidents')
      .set((eb) => ({ ...patch, updatedAt: time, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIncident(row);
  }

  /** Null when this signal (kind, ref) is already evidence of the incident. */
  async addEvidence(e: NewEvidence): Promise<number | null> {
    const row = await this.k
      .insertInto('incident_evidence')
      .values({ ...e, data: JSON.stringify(e.data) })
      .onConflict((oc) => oc.constraint('incident_evidence_ref_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? Number(row.id) : null;
  }

  async audit(e: IncidentEvent): Promise<number> {
    const row = await this.k
      .insertInto('incident_events')
      .values({
        time: e.time,
        incidentId: e.incidentId,
        actor: e.actor,
        action: e.action,
        fromStatus: e.from,
        toStatus: e.to,
        note: e.note,
        data: e.data === null ? null : JSON.stringify(e.data),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** The canonical spelling of an active user's name, or null (assignments name real users). */
  async activeUsername(username: string): Promise<string | null> {
    const row = await this.k
      .selectFrom('users')
      .select('username')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', eb.fn('lower', [eb.val(username)])))
      .where('active', '=', true)
      .executeTakeFirst();
    return row?.username ?? null;
  }

  /** Locks the named units in id order (one lock order: no deadlock between concurrent dispatches). */
  lockUnits(ids: readonly string[]): Promise<UnitRow[]> {
    return this.k
      .selectFrom('units')
      .select(UNIT_COLUMNS)
      .where('id', '=', anyOf(ids))
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  lockUnitsOf(incidentId: string): Promise<UnitRow[]> {
    return this.k
      .selectFrom('units')
      .select(UNIT_COLUMNS)
      .where('incidentId', '=', incidentId)
      .orderBy('id')
      .forUpdate()
      .execute();
  }

  async setUnits(
    ids: readonly string[],
    status: UnitStatus,
    incidentId: string | null,
    time: string,
  ): Promise<UnitRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.k
      .updateTable('units')
      .set({ status, incidentId, updatedAt: time })
      .where('id', '=', anyOf(ids))
      .returning(UNIT_COLUMNS)
      .execute();
    for (const u of rows) this.emitUnit(u);
    return rows;
  }

  async tickSop(
    incidentId: string,
    itemId: string,
    ticked: boolean,
    actor: string,
    time: string,
  ): Promise<void> {
    await this.k
      .insertInto('incident_sop_ticks')
      .values({ incidentId, itemId, ticked, actor, time })
      .onConflict((oc) =>
        oc.columns(['incidentId', 'itemId']).doUpdateSet((eb) => ({
          ticked: eb.ref('excluded.ticked'),
          actor: eb.ref('excluded.actor'),
          time: eb.ref('excluded.time'),
        })),
      )
      .execute();
  }

  // ---- links between incidents (017): relink, merge ----------------------------------------------------

  /** The latest incident of this key resolved at or after `since` (resolved or closed since), or null. */
  async resolvedByKeySince(key: string, since: string): Promise<string | null> {
    const row = await this.k
      .selectFrom('incidents')
      .select('id')
      .where('key', '=', key)
      .where('resolvedAt', '>=', timestamptz(since))
      .where('status', '=', anyOf(['resolved', 'closed'] as const))
      .orderBy('resolvedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** Where `id` was merged into (null when it was not). */
  async mergedIntoOf(id: string): Promise<string | null> {
    const row = await this.k
      .selectFrom('incidents')
      .select('mergedInto')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.mergedInto ?? null;
  }

  /**
   * Moves `from`'s evidence to `to`, except signals `to` already holds (same kind and ref: the unique key
   * allows one each; those stay with `from`). Returns the moved rows' ids and latest signal time.
   */
  async moveEvidence(from: string, to: string): Promise<{ ids: number[]; latest: string | null }> {
    const rows = await this.k
      .updateTable('incident_evidence as e')
      .set({ incidentId: to })
      .where('e.incidentId', '=', from)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('incident_evidence as t')
              .select('t.id')
              .where('t.incidentId', '=', to)
              .whereRef('t.kind', '=', 'e.kind')
              .whereRef('t.ref', '=', 'e.ref'),
          ),
        ),
      )
      .returning(['e.id', 'e.time'])
      .execute();
    const latest = rows.reduce<Date | null>((m, r) => (!m || r.time > m ? r.time : m), null);
    return { ids: rows.map((r) => Number(r.id)).sort((a, b) => a - b), latest: iso(latest) };
  }

  async evidenceCountOf(id: string): Promise<number> {
    const row = await this.k
      .selectFrom('incident_evidence')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('incidentId', '=', id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  emitIncident(op: IncidentEventAction, incident: StoredIncident): void {
    this.live.push({ kind: 'incident', entityId: incident.id, op, payload: publicIncident(incident) });
  }

  emitUnit(u: UnitRow): void {
    this.live.push(unitLiveEvent(u));
  }
}

export interface IncidentListFilter {
  status?: IncidentStatus[];
  severity?: CapSeverity[];
  category?: IncidentCategory[];
  ward?: string[];
  bbox?: [number, number, number, number];
  from?: string;
  to?: string;
  words?: string[];
  limit: number;
  offset: number;
}

export interface SopTickRow {
  itemId: string;
  ticked: boolean;
  actor: string;
  time: string;
}

@Injectable()
export class IncidentsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Runs `fn` in one transaction; with `raiseLock`, raises are serialised across instances first. The
   * live events `fn` queued are appended last, so they commit (or roll back) with the change.
   */
  async tx<T>(fn: (t: IncidentsTx) => Promise<T>, opts: { raiseLock?: boolean } = {}): Promise<T> {
    return this.db.tx(async (client, k) => {
      if (opts.raiseLock) await client.query('SELECT pg_advisory_xact_lock($1)', [RAISE_LOCK]);
      const t = new IncidentsTx(k);
      const out = await fn(t);
      await appendLiveEvents(client, t.live);
      return out;
    });
  }

  async get(id: string): Promise<StoredIncident | null> {
    const row = await this.db.kysely
      .selectFrom('incidents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toIncident(row) : null;
  }

  async list(f: IncidentListFilter): Promise<{ items: StoredIncident[]; total: number }> {
    let q = this.db.kysely.selectFrom('incidents');
    if (f.status) q = q.where('status', '=', anyOf(f.status));
    if (f.severity) q = q.where('severity', '=', anyOf(f.severity));
    if (f.category) q = q.where('category', '=', anyOf(f.category));
    if (f.ward) q = q.where('ward', '=', anyOf(f.ward));
    if (f.bbox) {
      const [west, south, east, north] = f.bbox;
      q = q.where((eb) => eb.and([eb.between('lon', west, east), eb.between('lat', south, north)]));
    }
    if (f.from) q = q.where('openedAt', '>=', timestamptz(f.from));
    if (f.to) q = q.where('openedAt', '<', timestamptz(f.to));
    if (f.words?.length) q = q.where(searchTextHasAll(f.words));
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('openedAt', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toIncident), total: Number(count.n) };
  }

  async evidence(incidentId: string): Promise<IncidentEvidence[]> {
    const rows = await this.db.kysely
      .selectFrom('incident_evidence')
      .selectAll()
      .where('incidentId', '=', incidentId)
      .orderBy('time')
      .orderBy('id')
      .execute();
    return rows.map(({ incidentId: _i, ...r }) => ({
      ...r,
      id: Number(r.id),
      time: r.time.toISOString(),
      addedAt: r.addedAt.toISOString(),
    }));
  }

  async timeline(incidentId: string): Promise<(IncidentEvent & { id: number })[]> {
    const rows = await this.db.kysely
      .selectFrom('incident_events')
      .selectAll()
      .where('incidentId', '=', incidentId)
      .orderBy('time')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      incidentId: r.incidentId,
      actor: r.actor,
      time: r.time.toISOString(),
      action: r.action,
      from: r.fromStatus,
      to: r.toStatus,
      note: r.note,
      data: r.data,
    }));
  }

  async sopTicks(incidentId: string): Promise<SopTickRow[]> {
    const rows = await this.db.kysely
      .selectFrom('incident_sop_ticks')
      .select(['itemId', 'ticked', 'actor', 'time'])
      .where('incidentId', '=', incidentId)
      .execute();
    return rows.map((r) => ({ ...r, time: r.time.toISOString() }));
  }

  /** Incidents whose SLA clocks may still run (the SLA check). */
  async openIncidents(): Promise<StoredIncident[]> {
    const rows = await this.db.kysely
      .selectFrom('incidents')
      .selectAll()
      .where('status', '=', anyOf(OPEN_STATUSES))
      .orderBy('openedAt')
      .execute();
    return rows.map(toIncident);
  }
}
