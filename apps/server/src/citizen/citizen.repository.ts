import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { IncidentCategory, IncidentStatus } from '@ioc/contracts/incident.schema';
import { Database } from '../db/database.pool';

/** A photo ready to store: JPEG bytes without metadata. */
export interface StoredPhoto {
  data: Buffer;
  width: number;
  height: number;
}

export interface NewCitizenReport {
  id: string;
  code: string;
  category: IncidentCategory;
  description: string;
  lat: number;
  lon: number;
  phone: string | null;
}

/** What the status page is computed from (never the text, phone or photos). */
export interface CodeStatusRow {
  code: string;
  category: IncidentCategory;
  createdAt: Date;
  spam: boolean;
  spamAt: Date | null;
  incidentStatus: IncidentStatus | null;
  incidentUpdatedAt: Date | null;
  publicNote: string | null;
}

const UNIQUE_VIOLATION = '23505';

/** Thrown when a generated tracking code is taken (50 random bits: practically never; the caller retries). */
export class CodeTakenError extends Error {}

/** Citizen reports, their photos (PostgreSQL bytea), their audit rows and shared counters. */
@Injectable()
export class CitizenRepository {
  constructor(private readonly db: Database) {}

  /** The report and its photos in one transaction. */
  async insert(r: NewCitizenReport, photos: readonly StoredPhoto[]): Promise<void> {
    await this.db
      .tx(async (_c, k) => {
        await k.insertInto('citizen_reports').values(r).execute();
        if (photos.length)
          await k
            .insertInto('citizen_photos')
            .values(
              photos.map((p, idx) => ({
                reportId: r.id,
                idx,
                contentType: 'image/jpeg',
                width: p.width,
                height: p.height,
                data: p.data,
              })),
            )
            .execute();
      })
      .catch((e: unknown) => {
        const err = e as { code?: string; constraint?: string };
        if (err.code === UNIQUE_VIOLATION && err.constraint === 'citizen_reports_code_key')
          throw new CodeTakenError();
        throw e;
      });
  }

  async statusByCode(code: string): Promise<CodeStatusRow | null> {
    const row = await this.db.kysely
      .selectFrom('citizen_reports as r')
      // the incident that holds the report: opened by it, or joined by key/correlation
      .leftJoin('incident_evidence as ev', (j) =>
        j.on('ev.kind', '=', 'citizen_report').on('ev.ref', '=', sql<string>`'report:' || r.id::text`),
      )
      .leftJoin('incidents as i', 'i.id', 'ev.incidentId')
      .select((eb) => [
        'r.code',
        'r.category',
        'r.createdAt',
        'r.status',
        'r.spamAt',
        'i.status as incidentStatus',
        'i.updatedAt as incidentUpdatedAt',
        eb
          .selectFrom('incident_events as e')
          .select(sql<string | null>`e.data->>'publicNote'`.as('n'))
          .whereRef('e.incidentId', '=', 'i.id')
          .where('e.action', '=', 'resolve')
          .orderBy('e.time', 'desc')
          .limit(1)
          .as('publicNote'),
      ])
      .where('r.code', '=', code)
      .orderBy('ev.addedAt', 'desc')
      .executeTakeFirst();
    if (!row) return null;
    return {
      code: row.code,
      category: row.category,
      createdAt: row.createdAt,
      spam: row.status === 'spam',
      spamAt: row.spamAt,
      incidentStatus: row.incidentStatus,
      incidentUpdatedAt: row.incidentUpdatedAt,
      publicNote: row.publicNote,
    };
  }

  async byId(id: string) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    const row = await this.db.kysely
      .selectFrom('citizen_reports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const photos = await this.db.kysely
      .selectFrom('citizen_photos')
      .select(['idx', 'width', 'height', sql<number>`octet_length(data)`.as('bytes')])
      .where('reportId', '=', id)
      .orderBy('idx')
      .execute();
    return { ...row, photos };
  }

  /** The incident holding the report (its evidence), newest attachment first. */
  async incidentOf(reportId: string): Promise<string | null> {
    const row = await this.db.kysely
      .selectFrom('incident_evidence')
      .select('incidentId')
      .where('kind', '=', 'citizen_report')
      .where('ref', '=', `report:${reportId}`)
      .orderBy('addedAt', 'desc')
      .executeTakeFirst();
    return row?.incidentId ?? null;
  }

  async photo(reportId: string, idx: number): Promise<{ contentType: string; data: Buffer } | null> {
    const row = await this.db.kysely
      .selectFrom('citizen_photos')
      .select(['contentType', 'data'])
      .where('reportId', '=', reportId)
      .where('idx', '=', idx)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Marks the report spam (once) with its audit row; false when it already was. */
  async markSpam(id: string, actor: string, note: string | null): Promise<boolean> {
    return this.db.tx(async (_c, k) => {
      const r = await k
        .updateTable('citizen_reports')
        .set({ status: 'spam', spamBy: actor, spamAt: new Date(), spamNote: note })
        .where('id', '=', id)
        .where('status', '=', 'received')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await k
        .insertInto('citizen_report_events')
        .values({ reportId: id, actor, action: 'spam', note })
        .execute();
      return true;
    });
  }

  async recordView(reportId: string, actor: string, note: string): Promise<void> {
    await this.db.kysely
      .insertInto('citizen_report_events')
      .values({ reportId, actor, action: 'photo_view', note })
      .execute();
  }

  async bump(counter: string): Promise<void> {
    await this.db.kysely
      .insertInto('citizen_counters')
      .values({ name: counter, n: 1 })
      .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ n: eb('citizen_counters.n', '+', 1) })))
      .execute();
  }

  async counter(name: string): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('citizen_counters')
      .select('n')
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
