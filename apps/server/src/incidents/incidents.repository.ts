import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type {
  CapCertainty,
  CapSeverity,
  CapUrgency,
  Incident,
  IncidentCategory,
  IncidentEvent,
  IncidentEventAction,
  IncidentStatus,
} from '@ioc/contracts/incident.schema';
import type { IncidentEvidence } from '@ioc/contracts/incident-detail.dto';
import type { LiveEventInput } from '@ioc/contracts/live-event.schema';
import type { UnitStatus, UnitType } from '@ioc/contracts/unit.schema';
import { OPEN_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import { Database } from '../db/database.pool';
import { appendLiveEvents } from '../outbox/live-events.repository';

/** Transaction-scoped advisory lock: one raise at a time across every instance (see IncidentsService.raise). */
const RAISE_LOCK = 7243503;

export const OPEN_STATUSES = OPEN_INCIDENT_STATUSES;

export interface IncidentRow {
  id: string;
  key: string;
  status: IncidentStatus;
  category: IncidentCategory;
  sub_category: string | null;
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  title: string;
  title_en: string | null;
  description: string;
  lat: number | null;
  lon: number | null;
  ward: string | null;
  source: string;
  opened_at: Date;
  updated_at: Date;
  last_signal_at: Date;
  acknowledged_at: Date | null;
  dispatched_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  assignee: string | null;
  unit_ids: string[];
  evidence_count: number;
  overdue: boolean;
  escalated_stages: string[];
  version: number;
}

/** The stored incident with the fields the public contract leaves out. */
export interface StoredIncident extends Incident {
  key: string;
  escalatedStages: string[];
  version: number;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toIncident(r: IncidentRow): StoredIncident {
  return {
    id: r.id,
    key: r.key,
    status: r.status,
    category: r.category,
    subCategory: r.sub_category,
    severity: r.severity,
    urgency: r.urgency,
    certainty: r.certainty,
    title: r.title,
    titleEn: r.title_en,
    description: r.description,
    lat: r.lat,
    lon: r.lon,
    ward: r.ward,
    source: r.source,
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastSignalAt: r.last_signal_at.toISOString(),
    acknowledgedAt: iso(r.acknowledged_at),
    dispatchedAt: iso(r.dispatched_at),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    assignee: r.assignee,
    unitIds: r.unit_ids,
    evidenceCount: r.evidence_count,
    overdue: r.overdue,
    escalatedStages: r.escalated_stages,
    version: r.version,
  };
}

/** The public shape (live payloads, lists): no key/version internals. */
export function publicIncident(i: StoredIncident): Incident {
  const { key: _k, escalatedStages: _e, version: _v, ...rest } = i;
  return rest;
}

export interface UnitRow {
  id: string;
  name: string;
  type: UnitType;
  status: UnitStatus;
  incident_id: string | null;
  updated_at: Date;
}

export interface NewIncident {
  id: string;
  key: string;
  category: IncidentCategory;
  subCategory: string | null;
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  title: string;
  titleEn: string | null;
  description: string;
  lat: number | null;
  lon: number | null;
  ward: string | null;
  source: string;
  openedAt: string;
  lastSignalAt: string;
  searchText: string;
}

/** An evidence row to insert: the DTO without its id. */
export interface NewEvidence extends Omit<IncidentEvidence, 'id'> {
  incidentId: string;
}

/** Columns a command may change (names are fixed here, values always parameters). */
const UPDATABLE = {
  status: 'status',
  severity: 'severity',
  lastSignalAt: 'last_signal_at',
  acknowledgedAt: 'acknowledged_at',
  dispatchedAt: 'dispatched_at',
  resolvedAt: 'resolved_at',
  closedAt: 'closed_at',
  assignee: 'assignee',
  unitIds: 'unit_ids',
  evidenceCount: 'evidence_count',
  overdue: 'overdue',
  escalatedStages: 'escalated_stages',
} as const;
export type IncidentPatch = Partial<Record<keyof typeof UPDATABLE, unknown>>;

/**
 * One transaction's view of the incident tables. Live events queued with `emit*` are appended by
 * `IncidentsRepository.tx` as the last statement before COMMIT.
 */
export class IncidentsTx {
  readonly live: LiveEventInput[] = [];

  constructor(private readonly client: PoolClient) {}

  private async rows<R>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.client.query(sql, params)).rows as R[];
  }

  async lockIncident(id: string): Promise<StoredIncident | null> {
    const rows = await this.rows<IncidentRow>('SELECT * FROM incidents WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? toIncident(rows[0]) : null;
  }

  async findOpenByKey(key: string): Promise<StoredIncident | null> {
    const rows = await this.rows<IncidentRow>(
      'SELECT * FROM incidents WHERE key = $1 AND status = ANY($2::text[]) FOR UPDATE',
      [key, OPEN_STATUSES],
    );
    return rows[0] ? toIncident(rows[0]) : null;
  }

  /** Open incidents of these categories whose latest signal lies in [from, to], inside the box. */
  async correlationCandidates(f: {
    categories: readonly string[];
    from: string;
    to: string;
    south: number;
    north: number;
    west: number;
    east: number;
  }): Promise<StoredIncident[]> {
    const rows = await this.rows<IncidentRow>(
      `SELECT * FROM incidents
        WHERE status = ANY($1::text[]) AND category = ANY($2::text[])
          AND last_signal_at BETWEEN $3 AND $4
          AND lat BETWEEN $5 AND $6 AND lon BETWEEN $7 AND $8`,
      [OPEN_STATUSES, f.categories, f.from, f.to, f.south, f.north, f.west, f.east],
    );
    return rows.map(toIncident);
  }

  async nextSequence(day: string): Promise<number> {
    const rows = await this.rows<{ last: number }>(
      `INSERT INTO incident_counters (day, last) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last = incident_counters.last + 1 RETURNING last`,
      [day],
    );
    return rows[0].last;
  }

  async insertIncident(n: NewIncident): Promise<StoredIncident> {
    const rows = await this.rows<IncidentRow>(
      `INSERT INTO incidents (id, key, status, category, sub_category, severity, urgency, certainty, title, title_en,
                              description, lat, lon, ward, source, opened_at, updated_at, last_signal_at, search_text,
                              evidence_count)
       VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $17, 1)
       RETURNING *`,
      [
        n.id,
        n.key,
        n.category,
        n.subCategory,
        n.severity,
        n.urgency,
        n.certainty,
        n.title,
        n.titleEn,
        n.description,
        n.lat,
        n.lon,
        n.ward,
        n.source,
        n.openedAt,
        n.lastSignalAt,
        n.searchText,
      ],
    );
    return toIncident(rows[0]);
  }

  /** Applies the patch, bumps version and updated_at. */
  async updateIncident(id: string, patch: IncidentPatch, time: string): Promise<StoredIncident> {
    const sets: string[] = [];
    const params: unknown[] = [id, time];
    for (const [k, v] of Object.entries(patch)) {
      const col = UPDATABLE[k as keyof typeof UPDATABLE];
      if (!col || v === undefined) continue;
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    }
    const rows = await this.rows<IncidentRow>(
      `UPDATE incidents SET ${[...sets, 'updated_at = $2', 'version = version + 1'].join(', ')}
        WHERE id = $1 RETURNING *`,
      params,
    );
    return toIncident(rows[0]);
  }

  /** Null when this signal (kind, ref) is already evidence of the incident. */
  async addEvidence(e: NewEvidence): Promise<number | null> {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO incident_evidence (incident_id, time, added_at, kind, ref, rule_id, category, severity, title,
                                      title_en, description, lat, lon, matched_by, distance_m, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT ON CONSTRAINT incident_evidence_ref_key DO NOTHING
       RETURNING id`,
      [
        e.incidentId,
        e.time,
        e.addedAt,
        e.kind,
        e.ref,
        e.ruleId,
        e.category,
        e.severity,
        e.title,
        e.titleEn,
        e.description,
        e.lat,
        e.lon,
        e.matchedBy,
        e.distanceM,
        JSON.stringify(e.data),
      ],
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  async audit(e: IncidentEvent): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO incident_events (time, incident_id, actor, action, from_status, to_status, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        e.time,
        e.incidentId,
        e.actor,
        e.action,
        e.from,
        e.to,
        e.note,
        e.data === null ? null : JSON.stringify(e.data),
      ],
    );
    return Number(rows[0].id);
  }

  /** The canonical spelling of an active user's name, or null (assignments name real users). */
  async activeUsername(username: string): Promise<string | null> {
    const rows = await this.rows<{ username: string }>(
      'SELECT username FROM users WHERE lower(username) = lower($1) AND active',
      [username],
    );
    return rows[0]?.username ?? null;
  }

  /** Locks the named units in id order (one lock order: no deadlock between concurrent dispatches). */
  async lockUnits(ids: readonly string[]): Promise<UnitRow[]> {
    return this.rows<UnitRow>(
      `SELECT id, name, type, status, incident_id, updated_at FROM units WHERE id = ANY($1::text[])
        ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  async lockUnitsOf(incidentId: string): Promise<UnitRow[]> {
    return this.rows<UnitRow>(
      `SELECT id, name, type, status, incident_id, updated_at FROM units WHERE incident_id = $1
        ORDER BY id FOR UPDATE`,
      [incidentId],
    );
  }

  async setUnits(
    ids: readonly string[],
    status: UnitStatus,
    incidentId: string | null,
    time: string,
  ): Promise<UnitRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<UnitRow>(
      `UPDATE units SET status = $2, incident_id = $3, updated_at = $4 WHERE id = ANY($1::text[])
       RETURNING id, name, type, status, incident_id, updated_at`,
      [ids, status, incidentId, time],
    );
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
    await this.client.query(
      `INSERT INTO incident_sop_ticks (incident_id, item_id, ticked, actor, time) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (incident_id, item_id) DO UPDATE
         SET ticked = EXCLUDED.ticked, actor = EXCLUDED.actor, time = EXCLUDED.time`,
      [incidentId, itemId, ticked, actor, time],
    );
  }

  emitIncident(op: IncidentEventAction, incident: StoredIncident): void {
    this.live.push({ kind: 'incident', entityId: incident.id, op, payload: publicIncident(incident) });
  }

  emitUnit(u: UnitRow): void {
    this.live.push({
      kind: 'unit',
      entityId: u.id,
      op: 'status',
      payload: {
        id: u.id,
        status: u.status,
        incidentId: u.incident_id,
        updatedAt: u.updated_at.toISOString(),
      },
    });
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
    return this.db.tx(async (client) => {
      if (opts.raiseLock) await client.query('SELECT pg_advisory_xact_lock($1)', [RAISE_LOCK]);
      const t = new IncidentsTx(client);
      const out = await fn(t);
      await appendLiveEvents(client, t.live);
      return out;
    });
  }

  async get(id: string): Promise<StoredIncident | null> {
    const rows = await this.db.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [id]);
    return rows[0] ? toIncident(rows[0]) : null;
  }

  async list(f: IncidentListFilter): Promise<{ items: StoredIncident[]; total: number }> {
    const where = `
        WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
          AND ($2::text[] IS NULL OR severity = ANY($2::text[]))
          AND ($3::text[] IS NULL OR category = ANY($3::text[]))
          AND ($4::text[] IS NULL OR ward = ANY($4::text[]))
          AND ($5::float8 IS NULL OR (lon BETWEEN $5 AND $7 AND lat BETWEEN $6 AND $8))
          AND ($9::timestamptz IS NULL OR opened_at >= $9)
          AND ($10::timestamptz IS NULL OR opened_at < $10)
          AND ($11::text[] IS NULL OR NOT EXISTS
                (SELECT 1 FROM unnest($11::text[]) w WHERE position(w IN search_text) = 0))`;
    const params = [
      f.status ?? null,
      f.severity ?? null,
      f.category ?? null,
      f.ward ?? null,
      f.bbox?.[0] ?? null,
      f.bbox?.[1] ?? null,
      f.bbox?.[2] ?? null,
      f.bbox?.[3] ?? null,
      f.from ?? null,
      f.to ?? null,
      f.words?.length ? f.words : null,
    ];
    const [rows, count] = await Promise.all([
      this.db.query<IncidentRow>(
        `SELECT * FROM incidents ${where} ORDER BY opened_at DESC, id DESC LIMIT $12 OFFSET $13`,
        [...params, f.limit, f.offset],
      ),
      this.db.query<{ n: string }>(`SELECT count(*) AS n FROM incidents ${where}`, params),
    ]);
    return { items: rows.map(toIncident), total: Number(count[0].n) };
  }

  async evidence(incidentId: string): Promise<IncidentEvidence[]> {
    const rows = await this.db.query<{
      id: string;
      time: Date;
      added_at: Date;
      kind: string;
      ref: string;
      rule_id: string;
      category: string;
      severity: string;
      title: string;
      title_en: string | null;
      description: string;
      lat: number | null;
      lon: number | null;
      matched_by: IncidentEvidence['matchedBy'];
      distance_m: number | null;
      data: Record<string, unknown>;
    }>('SELECT * FROM incident_evidence WHERE incident_id = $1 ORDER BY time, id', [incidentId]);
    return rows.map((r) => ({
      id: Number(r.id),
      time: r.time.toISOString(),
      addedAt: r.added_at.toISOString(),
      kind: r.kind,
      ref: r.ref,
      ruleId: r.rule_id,
      category: r.category,
      severity: r.severity,
      title: r.title,
      titleEn: r.title_en,
      description: r.description,
      lat: r.lat,
      lon: r.lon,
      matchedBy: r.matched_by,
      distanceM: r.distance_m,
      data: r.data,
    }));
  }

  async timeline(incidentId: string): Promise<(IncidentEvent & { id: number })[]> {
    const rows = await this.db.query<{
      id: string;
      time: Date;
      incident_id: string;
      actor: string;
      action: IncidentEventAction;
      from_status: IncidentStatus | null;
      to_status: IncidentStatus | null;
      note: string | null;
      data: Record<string, unknown> | null;
    }>('SELECT * FROM incident_events WHERE incident_id = $1 ORDER BY time, id', [incidentId]);
    return rows.map((r) => ({
      id: Number(r.id),
      incidentId: r.incident_id,
      actor: r.actor,
      time: r.time.toISOString(),
      action: r.action,
      from: r.from_status,
      to: r.to_status,
      note: r.note,
      data: r.data,
    }));
  }

  async sopTicks(incidentId: string): Promise<SopTickRow[]> {
    const rows = await this.db.query<{ item_id: string; ticked: boolean; actor: string; time: Date }>(
      'SELECT item_id, ticked, actor, time FROM incident_sop_ticks WHERE incident_id = $1',
      [incidentId],
    );
    return rows.map((r) => ({
      itemId: r.item_id,
      ticked: r.ticked,
      actor: r.actor,
      time: r.time.toISOString(),
    }));
  }

  /** Incidents whose SLA clocks may still run (the SLA check). */
  async openIncidents(): Promise<StoredIncident[]> {
    const rows = await this.db.query<IncidentRow>(
      'SELECT * FROM incidents WHERE status = ANY($1::text[]) ORDER BY opened_at',
      [OPEN_STATUSES],
    );
    return rows.map(toIncident);
  }
}
