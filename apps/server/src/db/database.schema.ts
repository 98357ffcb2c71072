import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { AuthOutcome } from '@ioc/contracts/auth-event.schema';
import type { Role } from '@ioc/contracts/auth.schema';
import type { CameraEventPhase } from '@ioc/contracts/camera-event.schema';
import type { CameraReviewSeverity } from '@ioc/contracts/camera-review.schema';
import type { DeviceKind, DeviceStatus } from '@ioc/contracts/device.schema';
import type { MediaKind, MediaOutcome } from '@ioc/contracts/media.schema';
import type { IncidentEvidence } from '@ioc/contracts/incident-detail.dto';
import type {
  CapCertainty,
  CapSeverity,
  CapUrgency,
  IncidentCategory,
  IncidentEventAction,
  IncidentStatus,
} from '@ioc/contracts/incident.schema';
import type { UnitStatus, UnitType } from '@ioc/contracts/unit.schema';

/**
 * The CRUD-shaped tables as Kysely sees them (`Kysely<DB>`, `CamelCasePlugin`: `sub_category` is
 * `subCategory` here), written from `apps/server/migrations/`. The one declaration of each row shape:
 * repositories derive theirs with `Selectable` / `Insertable` / `Updateable` / `Pick`. Tables only
 * hand-tuned SQL touches (readings and its aggregates, history read models, the live outbox, login
 * throttling counters) are not declared.
 *
 * Conventions: timestamptz reads as `Date` and is written as an ISO string (or a Date); bigint reads as a
 * string (pg's default, no precision loss); jsonb reads parsed and is written as a JSON string (pg would
 * turn a JS array into a PostgreSQL array literal); a column with a DEFAULT is `Generated`.
 */

/** timestamptz: `Date` out, ISO string or Date in. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: parsed out, JSON text in. */
export type Json<T> = ColumnType<T, string, string>;
/** bigint identity: a string out (int8), never written. */
export type BigIdAlways = GeneratedAlways<string>;

// ---- devices (001, 003, 014) -------------------------------------------------------------------------

export interface DevicesTable {
  id: string;
  name: string;
  /** The app writes only DeviceKind values (config validated, self-registered: the default 'generic'). */
  kind: ColumnType<DeviceKind, DeviceKind | undefined, DeviceKind>;
  ward: string | null;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  source: string;
  expectedIntervalS: Generated<number>;
  status: ColumnType<DeviceStatus, DeviceStatus | undefined, DeviceStatus>;
  firstSeen: Timestamp | null;
  lastSeen: Timestamp | null;
  locationTime: Timestamp | null;
  statusChangedAt: Timestamp | null;
  searchText: Generated<string>;
  fromConfig: Generated<boolean>;
  reportedLat: number | null;
  reportedLon: number | null;
  reportedAlt: number | null;
  reportedTime: Timestamp | null;
}

export interface DeviceEventsTable {
  time: Timestamp;
  deviceId: string;
  kind: 'online' | 'offline';
  reason: string;
}

// ---- ingest (001, 003, 006, 010) ---------------------------------------------------------------------

export interface DeadLettersTable {
  id: BigIdAlways;
  time: ColumnType<Date, Date | string | undefined, Date | string>;
  topic: string;
  payload: Buffer;
  payloadSize: number;
  adapter: string | null;
  reason: string;
  payloadSha256: Buffer | null;
}

export interface CameraEventsTable {
  id: string;
  startTime: Timestamp;
  camera: string;
  frigateCamera: string;
  phase: CameraEventPhase;
  label: string;
  subLabel: string | null;
  score: number | null;
  topScore: number | null;
  zones: Generated<string[]>;
  endTime: Timestamp | null;
  falsePositive: Generated<boolean>;
  hasSnapshot: Generated<boolean>;
  hasClip: Generated<boolean>;
  snapshotUrl: string | null;
  clipUrl: string | null;
  box: number[] | null;
  plate: string | null;
  receivedAt: Timestamp;
  updatedAt: Timestamp;
}

export interface CameraReviewsTable {
  id: string;
  startTime: Timestamp;
  camera: string;
  frigateCamera: string;
  phase: CameraEventPhase;
  severity: CameraReviewSeverity;
  endTime: Timestamp | null;
  objects: Generated<string[]>;
  zones: Generated<string[]>;
  subLabels: Generated<string[]>;
  detections: Generated<string[]>;
  updatedAt: Timestamp;
}

export interface UnitPositionsTable {
  time: Timestamp;
  unitId: string;
  tracker: string;
  lat: number;
  lon: number;
  accuracy: number | null;
  speed: number | null;
  heading: number | null;
  battery: number | null;
  altitude: number | null;
  source: string;
  receivedAt: Timestamp;
}

export interface IncidentSignalsTable {
  time: Timestamp;
  kind: string;
  sourceId: string;
  category: string;
  subCategory: string | null;
  severity: string;
  description: string;
  lat: number | null;
  lon: number | null;
  contact: string | null;
  photoUrl: string | null;
  raw: Json<Record<string, unknown>> | null;
  source: string;
  receivedAt: Timestamp;
  processedAt: Timestamp | null;
  incidentId: string | null;
  attempts: Generated<number>;
  lastError: string | null;
}

export interface RuleStateTable {
  ruleId: string;
  subject: string;
  state: Json<unknown>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

// ---- incidents and units (008, 017) ------------------------------------------------------------------

/** The one declaration of an incident row; `StoredIncident` (incidents.repository.ts) derives from it. */
export interface IncidentsTable {
  id: string;
  key: string;
  status: IncidentStatus;
  category: IncidentCategory;
  subCategory: string | null;
  severity: CapSeverity;
  urgency: ColumnType<CapUrgency, CapUrgency | undefined, CapUrgency>;
  certainty: ColumnType<CapCertainty, CapCertainty | undefined, CapCertainty>;
  title: string;
  titleEn: string | null;
  description: Generated<string>;
  lat: number | null;
  lon: number | null;
  ward: string | null;
  source: string;
  openedAt: Timestamp;
  updatedAt: Timestamp;
  lastSignalAt: Timestamp;
  acknowledgedAt: Timestamp | null;
  dispatchedAt: Timestamp | null;
  resolvedAt: Timestamp | null;
  closedAt: Timestamp | null;
  assignee: string | null;
  /** Every unit ever dispatched to it (the units table says who works it now). */
  unitIds: Generated<string[]>;
  evidenceCount: Generated<number>;
  overdue: Generated<boolean>;
  /** SLA stages already escalated: each escalates once. */
  escalatedStages: Generated<string[]>;
  /** Bumped by every change; CAP update identifiers use it. */
  version: Generated<number>;
  /** Folded id, titles, description and ward (searchKey); never leaves the server. */
  searchText: Generated<string>;
  /** 017: the incident of the same key resolved shortly before this one opened. */
  relatedIncidentId: string | null;
  /** 017: cancelled as a duplicate of this incident. */
  mergedInto: string | null;
}

export interface IncidentCountersTable {
  day: string;
  last: number;
}

export interface IncidentEvidenceTable {
  id: BigIdAlways;
  incidentId: string;
  time: Timestamp;
  addedAt: Timestamp;
  kind: string;
  ref: string;
  ruleId: string;
  category: string;
  severity: string;
  title: string;
  titleEn: string | null;
  description: Generated<string>;
  lat: number | null;
  lon: number | null;
  matchedBy: IncidentEvidence['matchedBy'];
  distanceM: number | null;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface IncidentEventsTable {
  id: BigIdAlways;
  time: Timestamp;
  incidentId: string;
  actor: string;
  action: IncidentEventAction;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus | null;
  note: string | null;
  data: Json<Record<string, unknown>> | null;
}

export interface IncidentSopTicksTable {
  incidentId: string;
  itemId: string;
  ticked: boolean;
  actor: string;
  time: Timestamp;
}

export interface UnitsTable {
  id: string;
  name: string;
  type: UnitType;
  baseName: string | null;
  baseLat: number | null;
  baseLon: number | null;
  tracker: string | null;
  status: ColumnType<UnitStatus, UnitStatus | undefined, UnitStatus>;
  incidentId: string | null;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  /** argon2id of the OwnTracks HTTP secret (019); null: HTTP mode closed for the unit. */
  trackerSecretHash: ColumnType<string | null, string | null | undefined, string | null>;
}

// ---- auth (007, 012) ---------------------------------------------------------------------------------

export interface UsersTable {
  id: Generated<string>;
  username: string;
  displayName: Generated<string>;
  role: Role;
  /** A responder's unit (019); null for the console roles. */
  unitId: ColumnType<string | null, string | null | undefined, string | null>;
  /** argon2id PHC string; never leaves the server. */
  passwordHash: string;
  active: Generated<boolean>;
  createdAt: ColumnType<Date, Date | string | undefined, Date | string>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  lastLoginAt: Timestamp | null;
}

export interface RefreshTokensTable {
  jti: Generated<string>;
  userId: string;
  tokenHash: Buffer;
  createdAt: ColumnType<Date, Date | string | undefined, Date | string>;
  expiresAt: Timestamp;
  revokedAt: Timestamp | null;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  createdAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AuthEventsTable {
  id: Generated<string>;
  time: ColumnType<Date, Date | string | undefined, Date | string>;
  username: string;
  userId: string | null;
  ip: string;
  userAgent: string | null;
  outcome: AuthOutcome;
}

export interface MediaAccessTable {
  id: Generated<string>;
  time: ColumnType<Date, Date | string | undefined, Date | string>;
  lastTime: ColumnType<Date, Date | string | undefined, Date | string>;
  hits: ColumnType<number, number | undefined, number>;
  userId: string;
  username: string;
  role: string;
  camera: string | null;
  eventId: string | null;
  kind: MediaKind;
  outcome: MediaOutcome;
  status: number;
}

/** `Kysely<DB>`: table names spelt as in SQL (greppable); columns camel-cased by the plugin. */
// ---- citizen channel (019) -------------------------------------------------------------------------

export interface CitizenReportsTable {
  id: string;
  code: string;
  createdAt: ColumnType<Date, Date | string | undefined, never>;
  category: IncidentCategory;
  description: string;
  lat: number;
  lon: number;
  phone: string | null;
  status: ColumnType<'received' | 'spam', 'received' | 'spam' | undefined, 'received' | 'spam'>;
  spamBy: string | null;
  spamAt: Timestamp | null;
  spamNote: string | null;
}

export interface CitizenPhotosTable {
  reportId: string;
  idx: number;
  contentType: string;
  width: number;
  height: number;
  data: Buffer;
}

export interface CitizenReportEventsTable {
  id: Generated<string>;
  reportId: string;
  time: ColumnType<Date, Date | string | undefined, never>;
  actor: string;
  action: 'spam' | 'photo_view';
  note: string | null;
}

export interface CitizenCountersTable {
  name: string;
  n: ColumnType<string, number, number>;
}

export interface UnitDutyEventsTable {
  id: Generated<string>;
  time: ColumnType<Date, Date | string | undefined, never>;
  unitId: string;
  actor: string;
  status: 'available' | 'off_duty';
  note: string | null;
}

export interface DB {
  devices: DevicesTable;
  device_events: DeviceEventsTable;
  dead_letters: DeadLettersTable;
  camera_events: CameraEventsTable;
  camera_reviews: CameraReviewsTable;
  unit_positions: UnitPositionsTable;
  incident_signals: IncidentSignalsTable;
  rule_state: RuleStateTable;
  incidents: IncidentsTable;
  incident_counters: IncidentCountersTable;
  incident_evidence: IncidentEvidenceTable;
  incident_events: IncidentEventsTable;
  incident_sop_ticks: IncidentSopTicksTable;
  units: UnitsTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  server_secrets: ServerSecretsTable;
  auth_events: AuthEventsTable;
  media_access: MediaAccessTable;
  citizen_reports: CitizenReportsTable;
  citizen_photos: CitizenPhotosTable;
  citizen_report_events: CitizenReportEventsTable;
  citizen_counters: CitizenCountersTable;
  unit_duty_events: UnitDutyEventsTable;
}
