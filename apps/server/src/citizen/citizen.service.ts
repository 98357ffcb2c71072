import {
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import {
  CITIZEN_DESCRIPTION_MAX,
  CITIZEN_MAX_PHOTOS,
  CITIZEN_PHOTO_MAX_BYTES,
  TRACKING_CODE_ALPHABET,
  normalizeVnPhone,
  type CitizenConfig,
  type CitizenPublicStatus,
  type CitizenReceipt,
  type CitizenReportForm,
  type CitizenReportView,
} from '@ioc/contracts/citizen.dto';
import { citizenReportStatus } from '@ioc/domain/field-assignment.rules';
import { cleanText } from '@ioc/feeds/text.util';
import { ThrottleRepository } from '../auth/throttle.repository';
import { InputError, notFound } from '../common/http/api.errors';
import { BOOT, type BootContext } from '../config/boot.context';
import { CityService } from '../devices/city.service';
import { IncidentsService } from '../incidents/incidents.service';
import { SignalsRepository } from '../ingest/signals.repository';
import { citizenReportSignal } from '../reports/citizen-report.signal';
import { ReportsService } from '../reports/reports.service';
import { SignalProcessorService } from '../rules/signal-processor.service';
import { NotAnImageError, reencodePhoto } from './citizen-photo.util';
import { CitizenRepository, CodeTakenError, type StoredPhoto } from './citizen.repository';

/** A photo as multer's memory storage hands it over. */
export interface UploadedPhoto {
  fieldname: string;
  size: number;
  buffer: Buffer;
}

/** Honeypot submissions dropped (citizen_counters). */
export const HONEYPOT_COUNTER = 'honeypot_dropped';
const PRUNE_EVERY_MS = 3600_000;

/** 10 characters of Crockford base32 from 50 random bits (rejection-free: 32 divides 256). */
export function trackingCode(): string {
  return [...randomBytes(10)].map((b) => TRACKING_CODE_ALPHABET[b % 32]).join('');
}

const tooMany = (message: string, retryAfterS: number) =>
  new HttpException({ message, retryAfter: retryAfterS }, 429);

/**
 * The public citizen channel: a report (category, text, place inside the city, up to 3 photos re-encoded
 * without metadata, an optional VN phone) becomes a citizen_report signal exactly like `ioc/reports`, and
 * its tracking code opens a status page showing only progress and the operator's public note. Limits per
 * client address and per phone, a honeypot field, and guessing of codes limited per address.
 */
@Injectable()
export class CitizenService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('citizen');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: CitizenRepository,
    private readonly throttle: ThrottleRepository,
    private readonly reports: ReportsService,
    private readonly signals: SignalsRepository,
    private readonly processor: SignalProcessorService,
    private readonly incidents: IncidentsService,
    private readonly city: CityService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  onModuleInit(): void {
    const prune = () => {
      const c = this.boot.config;
      void this.throttle
        .prune('citizen_rate_hits', Math.max(c.CITIZEN_REPORT_WINDOW_S, c.CITIZEN_CODE_WINDOW_S))
        .catch((e: unknown) => this.log.warn(`pruning citizen_rate_hits failed: ${String(e)}`));
    };
    prune();
    this.timer = setInterval(prune, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  config(): CitizenConfig {
    const c = this.city.city;
    return {
      cityName: c.name,
      bbox: this.reports.bbox
        ? [...this.reports.bbox]
        : [c.center[1] - 0.2, c.center[0] - 0.2, c.center[1] + 0.2, c.center[0] + 0.2],
      center: c.center,
      zoom: c.zoom,
      maxPhotos: CITIZEN_MAX_PHOTOS,
      maxPhotoBytes: CITIZEN_PHOTO_MAX_BYTES,
    };
  }

  async submit(
    form: CitizenReportForm,
    files: readonly UploadedPhoto[],
    ip: string,
    res: { setHeader(n: string, v: string): unknown },
  ): Promise<CitizenReceipt> {
    // A robot filled the field people never see: answer like a success, keep nothing but the count.
    if (form.website?.trim()) {
      await this.repo.bump(HONEYPOT_COUNTER);
      return { code: trackingCode() };
    }
    this.reports.checkInsideCity(form);
    const errors = files
      .map((f, i) =>
        f.fieldname !== 'photos' ? { field: `photos[${i}]`, message: 'unexpected file' } : null,
      )
      .filter((e) => e !== null);
    if (errors.length) throw new InputError(errors);
    const phone = form.phone ? normalizeVnPhone(form.phone) : null;
    // Counted before the photos are decoded: a flood of bad uploads costs the sender its quota, not our CPU.
    const c = this.boot.config;
    const limits = [
      { key: `report-ip|${ip}`, limit: c.CITIZEN_REPORTS_PER_ADDRESS, windowS: c.CITIZEN_REPORT_WINDOW_S },
    ];
    if (phone)
      limits.push({
        key: `report-phone|${phone}`,
        limit: c.CITIZEN_REPORTS_PER_PHONE,
        windowS: c.CITIZEN_REPORT_WINDOW_S,
      });
    const slot = await this.throttle.reserve('citizen_rate_hits', limits);
    if (!slot.ok) {
      res.setHeader('Retry-After', String(slot.retryAfterS));
      const per = slot.key.startsWith('report-phone|') ? 'phone number' : 'address';
      throw tooMany(
        `too many reports from this ${per}; try again in ${slot.retryAfterS} s`,
        slot.retryAfterS,
      );
    }
    const photos: StoredPhoto[] = [];
    for (const [i, f] of files.entries()) {
      try {
        photos.push(await reencodePhoto(f.buffer, c.CITIZEN_PHOTO_MAX_PX));
      } catch (e) {
        if (e instanceof NotAnImageError)
          throw new InputError([{ field: `photos[${i}]`, message: e.message }]);
        throw e;
      }
    }
    const id = randomUUID();
    const description = cleanText(form.description, CITIZEN_DESCRIPTION_MAX).text;
    let code = '';
    for (let attempt = 0; ; attempt++) {
      code = trackingCode();
      try {
        await this.repo.insert(
          { id, code, category: form.category, description, lat: form.lat, lon: form.lon, phone },
          photos,
        );
        break;
      } catch (e) {
        if (!(e instanceof CodeTakenError) || attempt >= 3) throw e;
      }
    }
    await this.raise(id, form, description, phone, photos.length);
    return { code };
  }

  /** The same signal as an `ioc/reports` message, raised at once (queued for the processor if that fails). */
  private async raise(
    id: string,
    form: CitizenReportForm,
    text: string,
    phone: string | null,
    photos: number,
  ) {
    const sourceId = `report:${id}`;
    const now = new Date().toISOString();
    await this.signals.insert([
      citizenReportSignal(
        {
          id,
          category: form.category,
          description: text,
          lat: form.lat,
          lon: form.lon,
          contact: phone,
          photoUrl: null,
          raw: { via: 'public', category: form.category, lat: form.lat, lon: form.lon, photos },
        },
        now,
      ),
    ]);
    try {
      await this.processor.processNow('citizen_report', sourceId);
    } catch (e) {
      this.log.warn(`citizen report ${id} stored, incident not raised yet: ${(e as Error).message}`);
    }
  }

  /** The status page; unknown codes count against the address (guessing), 429 once over the limit. */
  async status(
    code: string,
    ip: string,
    res: { setHeader(n: string, v: string): unknown },
  ): Promise<CitizenPublicStatus> {
    const c = this.boot.config;
    const key = `code-miss|${ip}`;
    const slot = await this.throttle.reserve('citizen_rate_hits', [
      { key, limit: c.CITIZEN_CODE_MISSES_PER_ADDRESS, windowS: c.CITIZEN_CODE_WINDOW_S },
    ]);
    if (!slot.ok) {
      res.setHeader('Retry-After', String(slot.retryAfterS));
      throw tooMany(
        `too many unknown tracking codes from this address; try again in ${slot.retryAfterS} s`,
        slot.retryAfterS,
      );
    }
    const row = await this.repo.statusByCode(code);
    if (!row) throw notFound('no report with this tracking code');
    // a known code is not a guess: hand the slot back
    await this.throttle.release('citizen_rate_hits', key, slot.ids.get(key)!);
    const status = citizenReportStatus(row.incidentStatus, row.spam);
    const updated = [row.createdAt, row.incidentUpdatedAt, row.spamAt]
      .filter((d): d is Date => d !== null)
      .reduce((a, b) => (b > a ? b : a));
    return {
      code: row.code,
      status,
      category: row.category,
      submittedAt: row.createdAt.toISOString(),
      publicNote: status === 'resolved' ? row.publicNote : null,
      updatedAt: updated.toISOString(),
    };
  }

  // ---- operators ----------------------------------------------------------------------------------

  async view(id: string): Promise<CitizenReportView> {
    const r = await this.repo.byId(id);
    if (!r) throw notFound(`citizen report ${id} not found`);
    return {
      id: r.id,
      status: r.status,
      category: r.category,
      description: r.description,
      lat: r.lat,
      lon: r.lon,
      phone: r.phone,
      submittedAt: r.createdAt.toISOString(),
      photos: r.photos.map((p) => ({
        index: p.idx,
        width: p.width,
        height: p.height,
        bytes: Number(p.bytes),
      })),
      spamBy: r.spamBy,
    };
  }

  /** A photo for an operator; the access is recorded (people's data). */
  async photo(id: string, index: number, user: AuthUser): Promise<{ contentType: string; data: Buffer }> {
    const p = (await this.repo.byId(id)) && (await this.repo.photo(id, index));
    if (!p) throw notFound(`photo ${index} of citizen report ${id} not found`);
    await this.repo.recordView(id, user.username, `photo ${index}`);
    return p;
  }

  /**
   * Spam (audited): the report is closed; an open incident that holds nothing but this report is
   * cancelled with it ("spam"), one that other signals support goes on.
   */
  async spam(id: string, user: AuthUser, note?: string): Promise<CitizenReportView> {
    const r = await this.repo.byId(id);
    if (!r) throw notFound(`citizen report ${id} not found`);
    if (!(await this.repo.markSpam(id, user.username, note ?? null)))
      throw new ConflictException({ message: 'already marked as spam' });
    const s = await this.repo.statusByCode(r.code);
    const incidentId = await this.incidentOf(id);
    if (incidentId && s?.incidentStatus && !['resolved', 'closed', 'cancelled'].includes(s.incidentStatus)) {
      const incident = await this.incidents.get(incidentId);
      if (incident && incident.evidenceCount <= 1)
        await this.incidents.cancel(
          incidentId,
          user,
          `spam: citizen report ${r.code}${note ? ` (${note})` : ''}`,
        );
    }
    return this.view(id);
  }

  private async incidentOf(reportId: string): Promise<string | null> {
    return this.repo.incidentOf(reportId);
  }

  honeypotDropped(): Promise<number> {
    return this.repo.counter(HONEYPOT_COUNTER);
  }
}
