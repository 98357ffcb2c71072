import { Injectable } from '@nestjs/common';
import type { TimelineItem, TimelineType } from '@ioc/contracts/history.schema';
import { cameraEventTitle, deviceEventTitle, unitStatusTitle } from '@ioc/domain/timeline-titles';
import { Database } from '../db/database.pool';

/** Filters shared by the timeline page, its histogram and its CSV export (already validated). */
export interface TimelineFilter {
  from: string;
  to: string;
  types: readonly TimelineType[];
  severity: string[] | null;
  category: string[] | null;
  ward: string[] | null;
  bbox: [number, number, number, number] | null;
  device: string | null;
  /** searchKey-folded words, all of which must occur. */
  words: string[];
}

/** Keyset position: the last item's exact database time (text, microseconds) and id. */
export interface TimelineCursor {
  time: string;
  id: string;
}

/** Incident audit actions that change the incident's state (comments, SOP ticks… are not timeline items). */
export const INCIDENT_TRANSITIONS = [
  'open',
  'ack',
  'dispatch',
  'en_route',
  'on_scene',
  'resolve',
  'close',
  'cancel',
  'escalate',
  'reopen',
  'merge',
];
/** Evidence kinds produced by threshold rules (sensor values crossing a band). */
export const THRESHOLD_KINDS = ['reading', 'aqi', 'flood_level'];

/**
 * Parameter slots: $1 from, $2 to, $3 lower time, $4 lower id, $5 severity[], $6 category[], $7 ward[],
 * $8..$11 bbox w,s,e,n, $12 device, $13 words[], $14 limit (or null), $15 transitions[], $16 threshold kinds[].
 * Each source is read in (time, id) order from its own time index and cut at the limit, so a page costs
 * O(limit) rows per source whatever the range.
 */
const COLUMNS = `time, time::text AS time_key, id, type, action, title, title_en, severity, category, ward, lat, lon,
                 device_id, incident_id, unit_id`;

function matchesWords(col: string): string {
  return `NOT EXISTS (SELECT 1 FROM unnest($13::text[]) w WHERE strpos(${col}, w) = 0)`;
}
const keyset = (time: string, id: string) =>
  `${time} >= $3 AND ${time} < $2 AND (${time} > $3 OR ${id} > $4)`;

/**
 * The filter clauses of each source, shared by the page and the histogram so both keep the same rows. A
 * filter that is not set adds no clause (it would be true for every row), so the histogram can leave out a
 * join that no clause needs.
 */
const when = (set: boolean, clause: string): string[] => (set ? [clause] : []);
const inBox = (f: TimelineFilter, lat: string, lon: string) =>
  when(f.bbox !== null, `${lat} BETWEEN $9 AND $11 AND ${lon} BETWEEN $8 AND $10`);
const hasWords = (f: TimelineFilter, col: string) => when(f.words.length > 0, matchesWords(col));
const and = (clauses: string[]) => clauses.map((c) => ` AND ${c}`).join('');
/** Whether a clause reads a column of the table aliased `alias`. */
const refers = (clauses: string[], alias: string) =>
  clauses.some((c) => new RegExp(`\\b${alias}\\.`).test(c));

const CLAUSES: Record<TimelineType, (f: TimelineFilter) => string[]> = {
  incident: (f) => [
    ...when(f.severity !== null, 'i.severity = ANY($5)'),
    ...when(f.category !== null, 'i.category = ANY($6)'),
    ...when(f.ward !== null, 'i.ward = ANY($7)'),
    ...inBox(f, 'i.lat', 'i.lon'),
    ...hasWords(f, 'i.search_text'),
  ],
  threshold: (f) => [
    'v.kind = ANY($16::text[])',
    ...when(f.severity !== null, 'v.severity = ANY($5)'),
    ...when(f.category !== null, 'v.category = ANY($6)'),
    ...when(f.ward !== null, 'i.ward = ANY($7)'),
    ...inBox(f, 'v.lat', 'v.lon'),
    ...when(f.device !== null, "split_part(v.ref, '/', 1) = $12"),
    ...hasWords(f, "i.search_text || ' ' || lower(v.ref)"),
  ],
  camera: (f) => [
    'NOT c.false_positive',
    ...when(f.ward !== null, 'd.ward = ANY($7)'),
    ...inBox(f, 'd.lat', 'd.lon'),
    ...when(f.device !== null, 'c.camera = $12'),
    ...hasWords(f, "COALESCE(d.search_text, '') || ' ' || lower(c.camera) || ' ' || lower(c.label)"),
  ],
  device: (f) => [
    ...when(f.ward !== null, 'd.ward = ANY($7)'),
    ...inBox(f, 'd.lat', 'd.lon'),
    ...when(f.device !== null, 'x.device_id = $12'),
    ...hasWords(f, "COALESCE(d.search_text, '') || ' ' || lower(x.device_id)"),
  ],
  unit: (f) => [
    ...when(f.ward !== null, 'i.ward = ANY($7)'),
    ...inBox(f, 'i.lat', 'i.lon'),
    ...hasWords(f, "lower(h.unit_id || ' ' || COALESCE(u.name, ''))"),
  ],
};

/** Whether a filter excludes the whole type (its rows have no such field). */
function excluded(type: TimelineType, f: TimelineFilter): boolean {
  switch (type) {
    case 'incident':
      return !!f.device;
    case 'threshold':
      return false;
    case 'camera':
    case 'device':
      return !!(f.severity || f.category);
    case 'unit':
      return !!(f.severity || f.category || f.device);
  }
}

/** The SELECT of one source, or null when a filter excludes the whole type. */
function sourceSql(type: TimelineType, f: TimelineFilter): string | null {
  if (excluded(type, f)) return null;
  const where = and(CLAUSES[type](f));
  switch (type) {
    case 'incident': {
      const id = `('incident:' || e.id::text) COLLATE "C"`;
      const select = `SELECT e.time, ${id} AS id, 'incident'::text AS type, e.action,
               i.title || ' — ' || i.id AS title, i.title_en || ' — ' || i.id AS title_en, i.severity, i.category, i.ward, i.lat, i.lon,
               NULL::text AS device_id, i.id AS incident_id, NULL::text AS unit_id`;
      if (!where)
        return `SELECT ${COLUMNS} FROM (
        ${select}
          FROM incident_events e JOIN incidents i ON i.id = e.incident_id
         WHERE e.time >= $1 AND ${keyset('e.time', id)} AND e.action = ANY($15::text[])
         ORDER BY e.time, ${id} LIMIT $14) s`;
      // Incident filters usually keep few incidents: start from them (an incident's events all lie between
      // its opening and its last update) and read each one's events by (incident_id, time), instead of
      // walking every event of the range in time order and dropping most of them.
      return `SELECT ${COLUMNS} FROM (
        ${select}
          FROM incidents i CROSS JOIN LATERAL (
            SELECT e.id, e.time, e.action FROM incident_events e
             WHERE e.incident_id = i.id AND e.time >= $1 AND ${keyset('e.time', id)} AND e.action = ANY($15::text[])
             ORDER BY e.time, ${id} LIMIT $14) e
         WHERE i.opened_at < $2 AND i.updated_at >= $3${where}
         ORDER BY e.time, ${id} LIMIT $14) s`;
    }
    case 'threshold': {
      const id = `('threshold:' || v.id::text) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT v.time, ${id} AS id, 'threshold'::text AS type, v.kind AS action,
               v.title, v.title_en, v.severity, v.category, i.ward, v.lat, v.lon,
               split_part(v.ref, '/', 1) AS device_id, v.incident_id, NULL::text AS unit_id
          FROM incident_evidence v JOIN incidents i ON i.id = v.incident_id
         WHERE v.time >= $1 AND ${keyset('v.time', id)}${where}
         ORDER BY v.time, ${id} LIMIT $14) s`;
    }
    case 'camera': {
      const id = `('camera:' || c.id) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT c.start_time AS time, ${id} AS id, 'camera'::text AS type, c.label AS action,
               COALESCE(d.name, c.camera) AS title, NULL::text AS title_en, NULL::text AS severity,
               NULL::text AS category, d.ward, d.lat, d.lon, c.camera AS device_id, NULL::text AS incident_id,
               NULL::text AS unit_id
          FROM camera_events c LEFT JOIN devices d ON d.id = c.camera
         WHERE c.start_time >= $1 AND ${keyset('c.start_time', id)}${where}
         ORDER BY c.start_time, ${id} LIMIT $14) s`;
    }
    case 'device': {
      const id = `('device:' || x.device_id || '@' || x.time::text) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT x.time, ${id} AS id, 'device'::text AS type, x.kind AS action,
               COALESCE(d.name, x.device_id) AS title, NULL::text AS title_en, NULL::text AS severity,
               NULL::text AS category, d.ward, d.lat, d.lon, x.device_id, NULL::text AS incident_id,
               NULL::text AS unit_id
          FROM device_events x LEFT JOIN devices d ON d.id = x.device_id
         WHERE x.time >= $1 AND ${keyset('x.time', id)}${where}
         ORDER BY x.time, ${id} LIMIT $14) s`;
    }
    case 'unit': {
      const id = `('unit:' || h.id::text) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT h.valid_from AS time, ${id} AS id, 'unit'::text AS type, h.status AS action,
               COALESCE(u.name, h.unit_id) AS title, NULL::text AS title_en, NULL::text AS severity,
               NULL::text AS category, i.ward, i.lat, i.lon, NULL::text AS device_id, h.incident_id,
               h.unit_id
          FROM unit_history h LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN incidents i ON i.id = h.incident_id
         WHERE h.valid_from >= $1 AND ${keyset('h.valid_from', id)}${where}
         ORDER BY h.valid_from, ${id} LIMIT $14) s`;
    }
  }
}

/**
 * One source's counts per bucket ($17 = bucket seconds), with the page's rows but none of its columns, sort or
 * keyset: only the time is read (from the time index where the clauses allow), and a join is made only when
 * a clause reads the joined table. The page's inner joins to incidents never drop a row (incident_id is a
 * NOT NULL foreign key) and its left joins are on primary keys, so leaving them out keeps the counts equal.
 */
function histogramSql(type: TimelineType, f: TimelineFilter): string | null {
  if (excluded(type, f)) return null;
  const clauses = CLAUSES[type](f);
  const where = and(clauses);
  const count = (time: string, label: string) =>
    `SELECT date_bin(make_interval(secs => $17::float8), ${time}, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
            ${label}::text AS type, count(*)::int AS n`;
  const range = (time: string) => `${time} >= $1 AND ${time} < $2`;
  switch (type) {
    case 'incident':
      if (!where)
        return `${count('e.time', "'incident'")} FROM incident_events e
         WHERE ${range('e.time')} AND e.action = ANY($15::text[]) GROUP BY 1`;
      // the page's selective form: the incidents that can have events in the range
      return `${count('e.time', "'incident'")} FROM incidents i JOIN incident_events e ON e.incident_id = i.id
         WHERE i.opened_at < $2 AND i.updated_at >= $1${where}
           AND ${range('e.time')} AND e.action = ANY($15::text[]) GROUP BY 1`;
    case 'threshold':
      return `${count('v.time', "'threshold'")} FROM incident_evidence v
               ${refers(clauses, 'i') ? 'JOIN incidents i ON i.id = v.incident_id' : ''}
         WHERE ${range('v.time')}${where} GROUP BY 1`;
    case 'camera':
      return `${count('c.start_time', "'camera'")} FROM camera_events c
               ${refers(clauses, 'd') ? 'LEFT JOIN devices d ON d.id = c.camera' : ''}
         WHERE ${range('c.start_time')}${where} GROUP BY 1`;
    case 'device':
      return `${count('x.time', "'device'")} FROM device_events x
               ${refers(clauses, 'd') ? 'LEFT JOIN devices d ON d.id = x.device_id' : ''}
         WHERE ${range('x.time')}${where} GROUP BY 1`;
    case 'unit':
      return `${count('h.valid_from', "'unit'")} FROM unit_history h
               ${refers(clauses, 'u') ? 'LEFT JOIN units u ON u.id = h.unit_id' : ''}
               ${refers(clauses, 'i') ? 'LEFT JOIN incidents i ON i.id = h.incident_id' : ''}
         WHERE ${range('h.valid_from')}${where} GROUP BY 1`;
  }
}

interface Row {
  time: Date;
  time_key: string;
  id: string;
  type: TimelineType;
  action: string;
  title: string;
  title_en: string | null;
  severity: string | null;
  category: string | null;
  ward: string | null;
  lat: number | null;
  lon: number | null;
  device_id: string | null;
  incident_id: string | null;
  unit_id: string | null;
}

/**
 * Titles in both languages on every row: incidents and evidence carry their own; device, unit and camera
 * rows are worded here from the name the query read and the action (never "… offline" or "→ en_route").
 */
function titles(r: Row): { vi: string; en: string } {
  switch (r.type) {
    case 'device':
      return deviceEventTitle(r.title, r.action);
    case 'unit':
      return unitStatusTitle(r.title, r.action);
    case 'camera':
      return cameraEventTitle(r.action, r.title);
    default:
      return { vi: r.title, en: r.title_en ?? r.title };
  }
}

export function toItem(r: Row): TimelineItem {
  const title = titles(r);
  return {
    id: r.id,
    time: r.time.toISOString(),
    type: r.type,
    action: r.action,
    title: title.vi,
    titleEn: title.en,
    severity: r.severity,
    category: r.category,
    ward: r.ward,
    lat: r.lat,
    lon: r.lon,
    deviceId: r.device_id,
    incidentId: r.incident_id,
    unitId: r.unit_id,
  };
}

/** The union of the history sources behind GET /api/timeline, its histogram and CSV. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly db: Database) {}

  private params(f: TimelineFilter, after: TimelineCursor | null, limit: number | null): unknown[] {
    const [w, s, e, n] = f.bbox ?? [null, null, null, null];
    return [
      f.from,
      f.to,
      after?.time ?? f.from,
      after?.id ?? '',
      f.severity,
      f.category,
      f.ward,
      w,
      s,
      e,
      n,
      f.device,
      f.words,
      limit,
      INCIDENT_TRANSITIONS,
      THRESHOLD_KINDS,
    ];
  }

  private union(f: TimelineFilter): string | null {
    const parts = f.types.map((t) => sourceSql(t, f)).filter((s): s is string => s !== null);
    return parts.length ? parts.map((p) => `(${p})`).join(' UNION ALL ') : null;
  }

  /** Types every slot, whichever sources the filters kept (PostgreSQL refuses untyped unused parameters). */
  private static readonly PARAM_TYPES = `WITH _p AS (SELECT $1::timestamptz, $2::timestamptz, $3::timestamptz,
    $4::text, $5::text[], $6::text[], $7::text[], $8::float8, $9::float8, $10::float8, $11::float8, $12::text,
    $13::text[], $14::int, $15::text[], $16::text[])`;

  /** One page in (time, id) order after the cursor; `last` is the cursor of the page's last row. */
  async page(
    f: TimelineFilter,
    after: TimelineCursor | null,
    limit: number,
  ): Promise<{ items: TimelineItem[]; last: TimelineCursor | null; more: boolean }> {
    const union = this.union(f);
    if (!union) return { items: [], last: null, more: false };
    // one extra row tells whether another page exists
    const rows = await this.db.query<Row>(
      `${TimelineRepository.PARAM_TYPES} SELECT * FROM (${union}) u ORDER BY time, id LIMIT $14`,
      [...this.params(f, after, limit + 1)],
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const lastRow = page[page.length - 1];
    return {
      items: page.map(toItem),
      last: lastRow ? { time: lastRow.time_key, id: lastRow.id } : null,
      more,
    };
  }

  /** Counts per bucket and type (buckets aligned to 2000-01-01T00:00Z, so the city's midnight for UTC+7 is on an hour). */
  async histogram(f: TimelineFilter, bucketS: number): Promise<{ t: Date; type: TimelineType; n: number }[]> {
    // each source counts its own type, so the per-source groups are already the (bucket, type) groups
    const parts = f.types.map((t) => histogramSql(t, f)).filter((s): s is string => s !== null);
    if (!parts.length) return [];
    return this.db.query(
      `${TimelineRepository.PARAM_TYPES}
       SELECT t, type, n FROM (${parts.map((p) => `(${p})`).join(' UNION ALL ')}) h ORDER BY 1, 2`,
      [...this.params(f, null, null), bucketS],
    );
  }

  /** Every row of the range in order, `batch` at a time, for streamed exports. */
  async *all(f: TimelineFilter, batch = 5000): AsyncGenerator<TimelineItem[]> {
    let after: TimelineCursor | null = null;
    for (;;) {
      const p = await this.page(f, after, batch);
      if (p.items.length) yield p.items;
      if (!p.more || !p.last) return;
      after = p.last;
    }
  }
}
