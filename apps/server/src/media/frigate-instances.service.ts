import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { CityCamera } from '@ioc/contracts/city.schema';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { readFileSync } from 'node:fs';
import { BOOT, type BootContext } from '../config/boot.context';
import { CityService } from '../devices/city.service';
import { requestUpstream } from './frigate-request.util';

/** Frigate camera names as Frigate allows them; the name goes into the upstream path. */
const FRIGATE_NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** One Frigate NVR the server relays media from; the browser never learns its address. */
export interface FrigateInstance {
  /** "default" or the URL's origin (for logs and errors: no credentials, no path). */
  key: string;
  base: URL;
  agent: HttpAgent;
  login: { user: string; password: string } | null;
  /** Frigate's JWT after /api/login (sent as a bearer token); refreshed on a 401. */
  token: string | null;
  loggingIn: Promise<string | null> | null;
  /** When the last login was refused: no new attempt for LOGIN_BACKOFF_MS (Frigate rate-limits logins). */
  refusedAt: number;
}

const LOGIN_BACKOFF_MS = 30_000;

export interface CameraTarget {
  camera: CityCamera;
  /** null: no Frigate configured for this camera. */
  frigate: FrigateInstance | null;
}

/**
 * Where each camera's media comes from: the camera's own `frigate` of city.json, else the default
 * FRIGATE_BASE_URL. Credentials come from the environment (or a secret file), never from city.json.
 * One keep-alive agent per instance, so a dead or slow NVR only ever holds its own sockets: the rest of
 * the API shares nothing with it.
 */
@Injectable()
export class FrigateInstances implements OnModuleDestroy {
  private readonly log = new Logger('media');
  private readonly byCamera = new Map<string, CameraTarget>();
  private readonly instances = new Map<string, FrigateInstance>();

  constructor(
    city: CityService,
    @Inject(BOOT) private readonly boot: BootContext,
  ) {
    const c = boot.config;
    const defaultPassword =
      c.FRIGATE_PASSWORD ??
      (c.FRIGATE_PASSWORD_FILE ? readFileSync(c.FRIGATE_PASSWORD_FILE, 'utf8').trim() : undefined);
    const fallback = c.FRIGATE_BASE_URL
      ? this.instance(
          c.FRIGATE_BASE_URL,
          c.FRIGATE_USER && defaultPassword ? { user: c.FRIGATE_USER, password: defaultPassword } : null,
        )
      : null;
    for (const camera of city.city.cameras) {
      if (!FRIGATE_NAME_RE.test(camera.frigateName)) {
        this.log.warn(`camera ${camera.id}: Frigate name "${camera.frigateName}" is not servable`);
        this.byCamera.set(camera.id, { camera, frigate: null });
        continue;
      }
      const own = camera.frigate;
      if (!own || (!own.url && !own.urlEnv)) {
        this.byCamera.set(camera.id, { camera, frigate: fallback });
        continue;
      }
      const url = own.url ?? envValue(own.urlEnv!);
      const user = own.userEnv ? envValue(own.userEnv) : undefined;
      const password = own.passwordEnv ? secretValue(own.passwordEnv) : undefined;
      if (!url) {
        this.log.warn(`camera ${camera.id}: ${own.urlEnv} is not set; its media is unavailable`);
        this.byCamera.set(camera.id, { camera, frigate: null });
        continue;
      }
      this.byCamera.set(camera.id, {
        camera,
        frigate: this.instance(url, user && password ? { user, password } : null),
      });
    }
  }

  /** The camera of city.json with that id and its Frigate, or undefined for any other id. */
  target(cameraId: string): CameraTarget | undefined {
    return this.byCamera.get(cameraId);
  }

  /** Bearer header for an instance with a login: logs in once, shared by concurrent requests. */
  async authHeaders(f: FrigateInstance, renew = false): Promise<Record<string, string>> {
    if (!f.login) return {};
    if (renew) f.token = null;
    if (!f.token && Date.now() - f.refusedAt >= LOGIN_BACKOFF_MS) {
      f.loggingIn ??= this.login(f).finally(() => (f.loggingIn = null));
      f.token = await f.loggingIn;
      if (!f.token) f.refusedAt = Date.now();
    }
    return f.token ? { authorization: `Bearer ${f.token}` } : {};
  }

  onModuleDestroy(): void {
    for (const f of this.instances.values()) f.agent.destroy();
  }

  private instance(raw: string, login: FrigateInstance['login']): FrigateInstance {
    const base = new URL(raw);
    if (base.protocol !== 'http:' && base.protocol !== 'https:')
      throw new Error(`Frigate URL must be http(s): ${base.origin}`);
    // Credentials in the URL would be sent as-is and printed in errors: refuse them.
    if (base.username || base.password)
      throw new Error(`Frigate URL ${base.origin}: put credentials in FRIGATE_USER/FRIGATE_PASSWORD`);
    // Cameras share an instance (its agent and its login) when they name the same NVR with the same login.
    const key = JSON.stringify([
      base.origin + base.pathname.replace(/\/+$/, ''),
      login?.user,
      login?.password,
    ]);
    const existing = this.instances.get(key);
    if (existing) return existing;
    const opts = { keepAlive: true, maxSockets: this.boot.config.MEDIA_MAX_SOCKETS, maxFreeSockets: 4 };
    const f: FrigateInstance = {
      key: base.origin,
      base,
      agent: base.protocol === 'https:' ? new HttpsAgent(opts) : new HttpAgent(opts),
      login,
      token: null,
      loggingIn: null,
      refusedAt: 0,
    };
    this.instances.set(key, f);
    return f;
  }

  /** POST /api/login → the `frigate_token` cookie (Frigate 0.14+ authenticated API). */
  private async login(f: FrigateInstance): Promise<string | null> {
    const body = JSON.stringify({ user: f.login!.user, password: f.login!.password });
    const r = await requestUpstream(frigateUrl(f, '/api/login'), {
      agent: f.agent,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
      timeoutMs: this.boot.config.MEDIA_UPSTREAM_TIMEOUT_MS,
    });
    if (r.kind !== 'response') return null;
    r.res.resume();
    const cookies = r.res.headers['set-cookie'] ?? [];
    for (const c of cookies) {
      const m = /^frigate_token=([^;]+)/.exec(c);
      if (m) return m[1];
    }
    this.log.warn(`Frigate ${f.key}: login refused (${r.res.statusCode})`);
    return null;
  }
}

/** An upstream URL from the instance's base and a path built only from validated parts. */
export function frigateUrl(f: FrigateInstance, path: string, query?: Record<string, string>): URL {
  const u = new URL(f.base.href.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, v);
  return u;
}

function envValue(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

/** A secret from NAME, or from the file NAME_FILE names (Docker/Kubernetes secrets). */
function secretValue(name: string): string | undefined {
  const direct = envValue(name);
  if (direct !== undefined) return direct;
  const file = envValue(`${name}_FILE`);
  return file ? readFileSync(file, 'utf8').trim() : undefined;
}
