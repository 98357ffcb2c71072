import { ForbiddenException, HttpException, Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '@ioc/contracts/auth.schema';
import type { MediaKind, MediaOutcome } from '@ioc/contracts/media.schema';
import type { Request, Response } from 'express';
import { Transform, pipeline } from 'node:stream';
import { CameraEventsRepository } from '../cameras/camera-events.repository';
import { BOOT, type BootContext } from '../config/boot.context';
import { FrigateInstances, frigateUrl, type FrigateInstance } from './frigate-instances.service';
import { requestUpstream, type UpstreamResult } from './frigate-request.util';
import { MediaAccessRepository } from './media-access.repository';

/** What the browser asked for, validated by the route's schemas. */
export type MediaRequest =
  | { kind: 'latest'; camera: string; height?: number }
  | { kind: 'thumbnail' | 'snapshot' | 'clip'; eventId: string; bbox?: boolean };

interface Decision {
  status: number;
  outcome: MediaOutcome;
  /** Error body (status ≥ 300 other than 206). */
  message?: string;
}

const IMAGE_TYPE = /^image\/(jpeg|png|webp)\b/i;
const VIDEO_TYPE = /^video\/mp4\b/i;
/** One byte range, as a <video> element asks for it; anything else is not forwarded. */
const RANGE_RE = /^bytes=\d{0,15}-\d{0,15}$/;

/**
 * Relays camera media from Frigate to an authorised user, recording every access (allowed or not) before
 * a byte is sent. The upstream URL is built only from the configuration and ids validated by the route;
 * bodies stream through with a size cap, never buffered.
 */
@Injectable()
export class MediaService {
  constructor(
    private readonly frigates: FrigateInstances,
    private readonly audit: MediaAccessRepository,
    private readonly events: CameraEventsRepository,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {}

  async relay(user: AuthUser, m: MediaRequest, req: Request, res: Response): Promise<void> {
    // Media must never sit in a browser or proxy cache, nor be sniffed into something else.
    res.setHeader('Cache-Control', 'private, no-store');
    const eventId = m.kind === 'latest' ? null : m.eventId;
    const cameraId = m.kind === 'latest' ? m.camera : ((await this.events.cameraOf(m.eventId)) ?? null);
    const record = (d: Decision, camera = cameraId) =>
      this.audit.record({
        userId: user.id,
        username: user.username,
        role: user.role,
        camera,
        eventId,
        kind: m.kind,
        outcome: d.outcome,
        status: d.status,
      });

    if (!this.boot.config.MEDIA_ROLES.includes(user.role)) {
      await record({ status: 403, outcome: 'denied' });
      throw new ForbiddenException({
        message: `viewing camera media requires one of the roles ${this.boot.config.MEDIA_ROLES.join(', ')}`,
      });
    }
    const target = cameraId === null ? undefined : this.frigates.target(cameraId);
    if (!target) {
      await record({ status: 404, outcome: 'not_found' }, m.kind === 'latest' ? cameraId : null);
      throw new HttpException(
        { message: m.kind === 'latest' ? 'unknown camera' : 'unknown camera event' },
        404,
      );
    }
    if (!target.frigate) {
      const d = { status: 502, outcome: 'unavailable' as const };
      await record(d);
      throw new HttpException(
        { message: 'camera unreachable: no Frigate is configured for this camera', camera: cameraId },
        d.status,
      );
    }

    const f = target.frigate;
    const url =
      m.kind === 'latest'
        ? frigateUrl(
            f,
            `/api/${target.camera.frigateName}/latest.jpg`,
            m.height ? { h: String(m.height) } : {},
          )
        : frigateUrl(
            f,
            `/api/events/${m.eventId}/${m.kind === 'clip' ? 'clip.mp4' : `${m.kind}.jpg`}`,
            m.kind === 'snapshot' && m.bbox ? { bbox: '1' } : {},
          );
    const range = m.kind === 'clip' ? req.headers.range : undefined;
    const abort = new AbortController();
    // The browser went away (closed the panel, seeked the video): stop pulling from Frigate.
    res.once('close', () => !res.writableFinished && abort.abort());
    let up = await this.fetch(f, url, range !== undefined && RANGE_RE.test(range) ? range : undefined, abort);
    if (up.kind === 'response' && (up.res.statusCode === 401 || up.res.statusCode === 403) && f.login) {
      // Frigate's token expired or was revoked: log in again once.
      up.res.resume();
      up = await this.fetch(f, url, range, abort, true);
    }
    const d = this.decide(up, m.kind);
    try {
      await record(d);
    } catch (e) {
      // No audit, no image (fail closed): the database error answers 503 through the global filter.
      if (up.kind === 'response') up.abort();
      throw e;
    }
    if (d.outcome !== 'ok' || up.kind !== 'response') {
      if (up.kind === 'response') up.abort();
      throw new HttpException({ message: d.message, camera: cameraId }, d.status);
    }
    this.stream(up, m.kind, res);
  }

  private async fetch(
    f: FrigateInstance,
    url: URL,
    range: string | undefined,
    abort: AbortController,
    renew = false,
  ): Promise<UpstreamResult> {
    return requestUpstream(url, {
      agent: f.agent,
      headers: {
        accept: url.pathname.endsWith('.mp4') ? 'video/mp4' : 'image/*',
        ...(range ? { range } : {}),
        ...(await this.frigates.authHeaders(f, renew)),
      },
      timeoutMs: this.boot.config.MEDIA_UPSTREAM_TIMEOUT_MS,
      signal: abort.signal,
    });
  }

  private decide(up: UpstreamResult, kind: MediaKind): Decision {
    const c = this.boot.config;
    if (up.kind === 'timeout')
      return {
        status: 504,
        outcome: 'unavailable',
        message: `camera unreachable: Frigate did not answer within ${c.MEDIA_UPSTREAM_TIMEOUT_MS} ms`,
      };
    if (up.kind === 'unreachable')
      return {
        status: 502,
        outcome: 'unavailable',
        message: `camera unreachable: cannot connect to Frigate (${up.code})`,
      };
    const s = up.res.statusCode ?? 0;
    if (s === 404)
      return {
        status: 404,
        outcome: 'not_found',
        message: kind === 'clip' ? 'no clip for this event' : 'Frigate has no such image',
      };
    if (s === 416 && kind === 'clip')
      return { status: 416, outcome: 'not_found', message: 'requested range not satisfiable' };
    if (s === 401 || s === 403)
      return {
        status: 502,
        outcome: 'unavailable',
        message: "camera unreachable: Frigate refused the server's credentials",
      };
    if (s !== 200 && !(s === 206 && kind === 'clip'))
      return { status: 502, outcome: 'unavailable', message: `camera unreachable: Frigate answered ${s}` };
    const type = String(up.res.headers['content-type'] ?? '');
    if (!(kind === 'clip' ? VIDEO_TYPE : IMAGE_TYPE).test(type))
      return {
        status: 502,
        outcome: 'unavailable',
        message: `Frigate sent ${type.slice(0, 60) || 'no content type'} instead of ${kind === 'clip' ? 'a video' : 'an image'}`,
      };
    const length = Number(up.res.headers['content-length']);
    if (Number.isFinite(length) && length > this.cap(kind))
      return { status: 502, outcome: 'unavailable', message: `Frigate's ${kind} is larger than allowed` };
    return { status: s, outcome: 'ok' };
  }

  private cap(kind: MediaKind): number {
    const c = this.boot.config;
    return kind === 'clip' ? c.MEDIA_MAX_CLIP_MB * 1024 * 1024 : c.MEDIA_MAX_IMAGE_KB * 1024;
  }

  /** Headers the browser needs, then the body as it comes, cut off past the cap. */
  private stream(up: Extract<UpstreamResult, { kind: 'response' }>, kind: MediaKind, res: Response): void {
    const h = up.res.headers;
    res.status(up.res.statusCode!);
    res.setHeader('Content-Type', String(h['content-type']));
    for (const name of ['content-length', 'content-range', 'accept-ranges', 'last-modified'] as const) {
      const v = h[name];
      if (typeof v === 'string') res.setHeader(name, v);
    }
    const cap = this.cap(kind);
    let sent = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        done(sent > cap ? new Error(`${kind} exceeds ${cap} bytes`) : null, chunk);
      },
    });
    pipeline(up.res, limit, res, (err) => err && up.abort());
  }
}
