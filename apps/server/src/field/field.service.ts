import { ForbiddenException, HttpException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import { IDENTITY_MISMATCH } from '@ioc/contracts/dead-letter-reason.codes';
import type {
  FieldAssignment,
  FieldIncident,
  FieldPositionBody,
  FieldStatusBody,
  TrackerSecretResult,
} from '@ioc/contracts/field.dto';
import type { UnitPosition } from '@ioc/contracts/unit-position.schema';
import { openBackupRequests, sopItemsForUnit } from '@ioc/domain/field-assignment.rules';
import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { owntracksAdapter } from '@ioc/feeds/owntracks.adapter';
import { checkTimeWindow } from '@ioc/feeds/time-window.check';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from '../auth/password.util';
import { ThrottleRepository } from '../auth/throttle.repository';
import { conflict, invalidInput, notFound } from '../common/http/api.errors';
import { BOOT, type BootContext } from '../config/boot.context';
import { IncidentsConfigService } from '../incidents/incidents-config.service';
import { IncidentsService } from '../incidents/incidents.service';
import { UnitsService } from '../incidents/units.service';
import { UnitPositionsRepository } from '../ingest/unit-positions.repository';
import { FieldRepository } from './field.repository';

/** Window of the per-unit position limit (rate_limit_hits is pruned after a minute). */
const POSITION_WINDOW_S = 60;

const tooMany = (message: string, retryAfterS: number) =>
  new HttpException({ message, retryAfter: retryAfterS }, 429);

/** What an OwnTracks HTTP post carries besides the body (from the request's headers). */
export interface OwnTracksRequest {
  authorization: string | undefined;
  /** `X-Limit-U`: the user the app is configured with; must be the Basic user when present. */
  limitUser: string | undefined;
  ip: string;
  body: unknown;
}

/** The Basic credentials of an Authorization header, or null. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i > 0 ? { user: text.slice(0, i), password: text.slice(i + 1) } : null;
}

/**
 * The field view of a responder's phone and the OwnTracks HTTP door: each speaks for one unit only (the
 * responder's bound unit, the Basic user), never for another. Status changes go through the incident
 * commands (audited with the responder as actor, live to the operators); positions are stored like
 * OwnTracks fixes, under the same time-window check and a per-unit rate limit.
 */
@Injectable()
export class FieldService {
  constructor(
    private readonly units: UnitsService,
    private readonly incidents: IncidentsService,
    private readonly config: IncidentsConfigService,
    private readonly positions: UnitPositionsRepository,
    private readonly throttle: ThrottleRepository,
    private readonly repo: FieldRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  /** The caller's own unit; 403 when the body names another or the account has none. */
  private ownUnit(user: AuthUser, claimed?: string): string {
    const unitId = user.role === 'responder' ? user.unitId : null;
    if (!unitId) throw new ForbiddenException({ message: 'this account is bound to no unit' });
    if (claimed !== undefined && claimed !== unitId)
      throw new ForbiddenException({ message: `a responder speaks only for its own unit (${unitId})` });
    return unitId;
  }

  async assignment(user: AuthUser): Promise<FieldAssignment> {
    const unitId = this.ownUnit(user);
    const [unit] = await this.units.list({ ids: [unitId] });
    if (!unit) throw notFound(`unit ${unitId} not found`);
    const c = this.boot.config;
    const tracking = {
      intervalS: c.FIELD_POSITION_INTERVAL_S,
      fastIntervalS: c.FIELD_POSITION_FAST_INTERVAL_S,
      fastKmh: c.FIELD_POSITION_FAST_KMH,
    };
    if (!unit.incidentId) return { unit, incident: null, tracking };
    const d = await this.incidents.detail(unit.incidentId);
    if (!d) return { unit, incident: null, tracking };
    const incident: FieldIncident = {
      id: d.id,
      status: d.status,
      category: d.category,
      severity: d.severity,
      title: d.title,
      titleEn: d.titleEn,
      description: d.description,
      lat: d.lat,
      lon: d.lon,
      wardName: d.wardName,
      openedAt: d.openedAt,
      notes: d.timeline
        .filter((e) => e.action === 'comment' && e.note)
        .map((e) => ({ actor: e.actor, time: e.time, text: e.note! })),
      sop: sopItemsForUnit(d.sop.items, unit.type).map(({ id, vi, en, ticked }) => ({ id, vi, en, ticked })),
      backupRequested: openBackupRequests(
        d.timeline,
        d.units.map((u) => u.id),
      ).includes(unitId),
    };
    return { unit, incident, tracking };
  }

  /** One button of the field view. */
  async status(user: AuthUser, body: FieldStatusBody): Promise<FieldAssignment> {
    const unitId = this.ownUnit(user, body.unitId);
    const [unit] = await this.units.list({ ids: [unitId] });
    if (!unit) throw notFound(`unit ${unitId} not found`);
    const s = body.status;
    if (s === 'available' || s === 'off_duty') {
      await this.units.setAvailability(unitId, s);
      await this.repo.recordDuty({ unitId, actor: user.username, status: s, note: body.note ?? null });
      return this.assignment(user);
    }
    if (!unit.incidentId)
      throw conflict(`unit ${unitId} has no assignment`, {
        status: unit.status,
        allowed: ['available', 'off_duty'],
      });
    if (s === 'need_backup') await this.incidents.requestBackup(unit.incidentId, user, unitId, body.note);
    else if (s === 'done')
      await this.incidents.unitStatus(
        unit.incidentId,
        user,
        unitId,
        'available',
        body.note ?? 'done on scene',
      );
    else await this.incidents.unitStatus(unit.incidentId, user, unitId, s, body.note);
    return this.assignment(user);
  }

  /** A fix from the phone's geolocation. */
  async position(user: AuthUser, body: FieldPositionBody): Promise<void> {
    const unitId = this.ownUnit(user, body.unitId);
    await this.store({
      time: new Date(body.time).toISOString(),
      unitId,
      tracker: `field/${user.username}`,
      lat: body.lat,
      lon: body.lon,
      accuracy: body.accuracy ?? null,
      speed: body.speed ?? null,
      heading: body.heading ?? null,
      battery: body.battery ?? null,
      altitude: null,
      source: 'field',
    });
  }

  /** The time-window check of the ingest (400 naming `time`), the per-unit rate limit, then the row. */
  private async store(p: UnitPosition): Promise<void> {
    const c = this.boot.config;
    const receivedAt = new Date();
    const bad = checkTimeWindow([{ type: 'unit_position', position: p }], receivedAt, {
      maxFutureS: c.INGEST_MAX_FUTURE_S,
      retentionDays: c.RETENTION_DAYS,
    });
    if (bad) throw invalidInput('time', bad);
    const slot = await this.throttle.reserve('rate_limit_hits', [
      { key: `position|${p.unitId}`, limit: c.FIELD_POSITIONS_PER_MIN, windowS: POSITION_WINDOW_S },
    ]);
    if (!slot.ok)
      throw tooMany(
        `too many positions: at most ${c.FIELD_POSITIONS_PER_MIN} per minute per unit`,
        slot.retryAfterS,
      );
    await this.positions.insert([{ ...p, receivedAt: receivedAt.toISOString() }]);
  }

  /**
   * OwnTracks HTTP mode: Basic user = unit id, password = the unit's secret (argon2id). Wrong or missing
   * credentials → 401 (failures counted per address like logins: 429 beyond); a post naming another
   * tracker (X-Limit-U, or a body `topic` that is not this unit's) → 403, nothing stored. Answers `[]`.
   */
  async ownTracks(r: OwnTracksRequest): Promise<unknown[]> {
    const c = this.boot.config;
    const creds = basicCredentials(r.authorization);
    if (!creds) throw new UnauthorizedException({ message: 'HTTP Basic credentials required' });
    const addressKey = `owntracks-ip|${r.ip}`;
    const slot = await this.throttle.reserve('login_failures', [
      { key: addressKey, limit: c.LOGIN_ADDRESS_MAX_FAILURES, windowS: c.LOGIN_ADDRESS_WINDOW_S },
    ]);
    if (!slot.ok) throw tooMany('too many failed OwnTracks logins from this address', slot.retryAfterS);
    const unit = await this.repo.credentials(creds.user);
    // Unknown units are verified against a dummy hash: same time, same answer.
    const ok = await verifyPassword(unit?.trackerSecretHash ?? (await dummyHash()), creds.password);
    if (!unit?.trackerSecretHash || !ok) throw new UnauthorizedException({ message: 'invalid credentials' });
    await this.throttle.release('login_failures', addressKey, slot.ids.get(addressKey)!);

    if (r.limitUser !== undefined && r.limitUser !== unit.id)
      throw new ForbiddenException({
        message: `${IDENTITY_MISMATCH}: X-Limit-U "${r.limitUser.slice(0, 100)}" is not ${unit.id}`,
      });
    const tracker = unit.tracker ?? `${unit.id}/http`;
    const claimed = (r.body as { topic?: unknown } | null)?.topic;
    const allowed = [`owntracks/${tracker}`];
    const topic =
      typeof claimed === 'string' &&
      (allowed.includes(claimed) || claimed.startsWith(`owntracks/${unit.id}/`))
        ? claimed
        : allowed[0];
    if (typeof claimed === 'string' && claimed !== topic)
      throw new ForbiddenException({
        message: `${IDENTITY_MISMATCH}: topic "${claimed.slice(0, 100)}" is not ${unit.id}'s`,
      });
    const result = owntracksAdapter(
      topic,
      Buffer.from(JSON.stringify(r.body ?? null)),
      new Date(),
      createAdapterContext({ unitTrackers: { [topic.slice('owntracks/'.length)]: unit.id } }),
    );
    if (!result.ok) throw invalidInput('body', result.reason);
    for (const rec of result.records)
      if (rec.type === 'unit_position') await this.store({ ...rec.position, unitId: unit.id });
    return [];
  }

  /** Admin: sets (or generates) a unit's OwnTracks HTTP secret; the clear text is answered once. */
  async setSecret(unitId: string, secret?: string): Promise<TrackerSecretResult> {
    const clear = secret ?? generatePassword(24);
    if (!(await this.repo.setSecretHash(unitId, await hashPassword(clear))))
      throw notFound(`unit ${unitId} not found`);
    return { unitId, username: unitId, secret: clear };
  }
}
