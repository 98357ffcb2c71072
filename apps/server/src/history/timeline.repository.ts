import type { TimelineItem, TimelineType } from '@ioc/contracts/history.schema';
import type { Database } from '../db/database.repository';

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
];
/** Evidence kinds produced by threshold rules (sensor values crossing a band). */
export const THRESHOLD_KINDS = ['reading', 'aqi', 'flood_level'];

/**
 * Parameter slots: $1 from, $2 to, $3 lower time, $4 lower id, $5 severity[], $6 category[], $7 ward[],
 * $8..$11 bbox w,s,e,n, $12 device, $13 words[], $14 limit (or null), $15 transitions[], $16 threshold kinds[].
 * Each source is read in (time, id) order from its own time index and cut at the limit, so a page costs
 * O(limit) rows per source whatever the range.
 */
const COLUMNS = `time, time::text AS time_key, id, type, action, title, severity, category, ward, lat, lon,
                 device_id, incident_id, unit_id`;

function matchesWords(col: string): string {
  return `NOT EXISTS (SELECT 1 FROM unnest($13::text[]) w WHERE strpos(${col}, w) = 0)`;
}
function inBox(lat: string, lon: string): string {
  return `($8::float8 IS NULL OR (${lat} BETWEEN $9 AND $11 AND ${lon} BETWEEN $8 AND $10))`;
}
const keyset = (time: string, id: string) =>
  `${time} >= $3 AND ${time} < $2 AND (${time} > $3 OR ${id} > $4)`;

/** The SELECT of one source, or null when a filter excludes the whole type. */
function sourceSql(type: TimelineType, f: TimelineFilter): string | null {
  switch (type) {
    case 'incident': {
      if (f.device) return null;
      const id = `('incident:' || e.id::text) COLLATE "C"`;
      const incidentFilters = `($5::text[] IS NULL OR i.severity = ANY($5)) AND ($6::text[] IS NULL OR i.category = ANY($6))
           AND ($7::text[] IS NULL OR i.ward = ANY($7)) AND ${inBox('i.lat', 'i.lon')}
           AND ${matchesWords('i.search_text')}`;
      const select = `SELECT e.time, ${id} AS id, 'incident'::text AS type, e.action,
               COALESCE(i.title_en, i.title) || ' — ' || i.id AS title, i.severity, i.category, i.ward, i.lat, i.lon,
               NULL::text AS device_id, i.id AS incident_id, NULL::text AS unit_id`;
      const selective = f.severity || f.category || f.ward || f.bbox || f.words.length > 0;
      if (!selective)
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
         WHERE i.opened_at < $2 AND i.updated_at >= $3 AND ${incidentFilters}
         ORDER BY e.time, ${id} LIMIT $14) s`;
    }
    case 'threshold': {
      const id = `('threshold:' || v.id::text) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT v.time, ${id} AS id, 'threshold'::text AS type, v.kind AS action,
               COALESCE(v.title_en, v.title) AS title, v.severity, v.category, i.ward, v.lat, v.lon,
               split_part(v.ref, '/', 1) AS device_id, v.incident_id, NULL::text AS unit_id
          FROM incident_evidence v JOIN incidents i ON i.id = v.incident_id
         WHERE v.time >= $1 AND ${keyset('v.time', id)} AND v.kind = ANY($16::text[])
           AND ($5::text[] IS NULL OR v.severity = ANY($5)) AND ($6::text[] IS NULL OR v.category = ANY($6))
           AND ($7::text[] IS NULL OR i.ward = ANY($7)) AND ${inBox('v.lat', 'v.lon')}
           AND ($12::text IS NULL OR split_part(v.ref, '/', 1) = $12)
           AND ${matchesWords("i.search_text || ' ' || lower(v.ref)")}
         ORDER BY v.time, ${id} LIMIT $14) s`;
    }
    case 'camera': {
      if (f.severity || f.category) return null;
      const id = `('camera:' || c.id) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT c.start_time AS time, ${id} AS id, 'camera'::text AS type, c.label AS action,
               c.label || ' @ ' || COALESCE(d.name, c.camera) AS title, NULL::text AS severity,
               NULL::text AS category, d.ward, d.lat, d.lon, c.camera AS device_id, NULL::text AS incident_id,
               NULL::text AS unit_id
          FROM camera_events c LEFT JOIN devices d ON d.id = c.camera
         WHERE c.start_time >= $1 AND ${keyset('c.start_time', id)} AND NOT c.false_positive
           AND ($7::text[] IS NULL OR d.ward = ANY($7)) AND ${inBox('d.lat', 'd.lon')}
           AND ($12::text IS NULL OR c.camera = $12)
           AND ${matchesWords("COALESCE(d.search_text, '') || ' ' || lower(c.camera) || ' ' || lower(c.label)")}
         ORDER BY c.start_time, ${id} LIMIT $14) s`;
    }
    case 'device': {
      if (f.severity || f.category) return null;
      const id = `('device:' || x.device_id || '@' || x.time::text) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT x.time, ${id} AS id, 'device'::text AS type, x.kind AS action,
               COALESCE(d.name, x.device_id) || ' ' || x.kind AS title, NULL::text AS severity,
               NULL::text AS category, d.ward, d.lat, d.lon, x.device_id, NULL::text AS incident_id,
               NULL::text AS unit_id
          FROM device_events x LEFT JOIN devices d ON d.id = x.device_id
         WHERE x.time >= $1 AND ${keyset('x.time', id)}
           AND ($7::text[] IS NULL OR d.ward = ANY($7)) AND ${inBox('d.lat', 'd.lon')}
           AND ($12::text IS NULL OR x.device_id = $12)
           AND ${matchesWords("COALESCE(d.search_text, '') || ' ' || lower(x.device_id)")}
         ORDER BY x.time, ${id} LIMIT $14) s`;
    }
    case 'unit': {
      if (f.severity || f.category || f.device) return null;
      const id = `('unit:' || h.id::text) COLLATE "C"`;
      return `SELECT ${COLUMNS} FROM (
        SELECT h.valid_from AS time, ${id} AS id, 'unit'::text AS type, h.status AS action,
               COALESCE(u.name, h.unit_id) || ' → ' || h.status AS title, NULL::text AS severity,
               NULL::text AS category, i.ward, i.lat, i.lon, NULL::text AS device_id, h.incident_id,
               h.unit_id
          FROM unit_history h LEFT JOIN units u ON u.id = h.unit_id LEFT JOIN incidents i ON i.id = h.incident_id
         WHERE h.valid_from >= $1 AND ${keyset('h.valid_from', id)}
           AND ($7::text[] IS NULL OR i.ward = ANY($7)) AND ${inBox('i.lat', 'i.lon')}
           AND ${matchesWords("lower(h.unit_id || ' ' || COALESCE(u.name, ''))")}
         ORDER BY h.valid_from, ${id} LIMIT $14) s`;
    }
  }
}

interface Row {
  time: Date;
  time_key: string;
  id: string;
  type: TimelineType;
  action: string;
  title: string;
  severity: string | null;
  category: string | null;
  ward: string | null;
  lat: number | null;
  lon: number | null;
  device_id: string | null;
  incident_id: string | null;
  unit_id: string | null;
}

export function toItem(r: Row): TimelineItem {
  return {
    id: r.id,
    time: r.time.toISOString(),
    type: r.type,
    action: r.action,
    title: r.title,
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
    const union = this.union(f);
    if (!union) return [];
    const params = this.params(f, null, null);
    return this.db.query(
      `${TimelineRepository.PARAM_TYPES}
       SELECT date_bin(make_interval(secs => $17::float8), time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t, type,
              count(*)::int AS n
         FROM (${union}) u GROUP BY 1, 2 ORDER BY 1, 2`,
      [...params, bucketS],
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
