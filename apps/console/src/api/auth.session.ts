import { TokenResponseSchema, type AuthUser, type TokenResponse } from '@ioc/contracts/auth.schema';

/** What the console keeps of a login (sessionStorage: gone when the tab closes). */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  user: AuthUser;
}

export type LoginResult =
  | { ok: true }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterS: number }
  | { ok: false; reason: 'error'; status: number };

export interface AuthDeps {
  fetch: typeof fetch;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(t: unknown): void;
}

const KEY = 'ioc.session';
/** Refresh this long before the access token expires, so map tiles and sockets never meet a stale one. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * The console's login state and the only place that adds `Authorization` to requests. A 401 triggers one
 * refresh (shared by every request that hit it at the same time) and one retry; when the refresh is
 * refused the session ends and the app shows the login screen.
 */
export class AuthSession {
  private session: Session | null;
  private readonly listeners = new Set<() => void>();
  private refreshing: Promise<boolean> | null = null;
  private timer: unknown = null;
  /** True when the last session ended because it could not be refreshed (the login screen says so). */
  expired = false;

  constructor(private readonly deps: AuthDeps) {
    this.session = this.load();
    this.schedule();
  }

  current(): Session | null {
    return this.session;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  accessToken(): string | null {
    return this.session?.accessToken ?? null;
  }

  /** Headers for a same-origin API URL (MapLibre's transformRequest; sockets use `accessToken`). */
  headersFor(url: string, origin: string): Record<string, string> | undefined {
    const token = this.accessToken();
    if (!token) return undefined;
    const u = new URL(url, origin);
    return u.origin === origin && u.pathname.startsWith('/api/')
      ? { Authorization: `Bearer ${token}` }
      : undefined;
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const res = await this.deps.fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status === 401) return { ok: false, reason: 'invalid' };
    if (res.status === 429)
      return { ok: false, reason: 'throttled', retryAfterS: Number(res.headers.get('Retry-After')) || 60 };
    if (!res.ok) return { ok: false, reason: 'error', status: res.status };
    this.expired = false;
    this.set(TokenResponseSchema.parse(await res.json()));
    return { ok: true };
  }

  async logout(): Promise<void> {
    const s = this.session;
    this.set(null);
    if (!s) return;
    // Best effort: the tokens are already forgotten here whatever the server says.
    await this.deps
      .fetch('/api/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.accessToken}` },
        body: JSON.stringify({ refreshToken: s.refreshToken }),
      })
      .catch(() => undefined);
  }

  /** Trades the refresh token for a new pair; one call at a time. False (and logged out) when refused. */
  refresh(): Promise<boolean> {
    return (this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null)));
  }

  /** True when the access token has at least 30 s left, after refreshing it if needed. */
  async ensureFresh(): Promise<boolean> {
    const s = this.session;
    if (s && s.expiresAt - this.deps.now() > 30_000) return true;
    return this.refresh();
  }

  /** fetch with the bearer token; on 401 refreshes once and retries once. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const send = (token: string | null) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      return this.deps.fetch(path, { ...init, headers });
    };
    const used = this.accessToken();
    const res = await send(used);
    if (res.status !== 401 || !used) return res;
    // Another request may have refreshed meanwhile; otherwise refresh now.
    if (this.accessToken() === used && !(await this.refresh())) return res;
    return send(this.accessToken());
  }

  private async doRefresh(): Promise<boolean> {
    const s = this.session;
    if (!s) return false;
    let res: Response;
    try {
      res = await this.deps.fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ refreshToken: s.refreshToken }),
      });
    } catch {
      return false; // offline: keep the session, the next attempt may work
    }
    if (!res.ok) {
      if (res.status === 401 || res.status === 400) {
        this.expired = true;
        this.set(null);
      }
      return false;
    }
    this.set(TokenResponseSchema.parse(await res.json()));
    return true;
  }

  private set(t: TokenResponse | Session | null): void {
    this.session =
      t === null
        ? null
        : 'expiresAt' in t
          ? t
          : {
              accessToken: t.accessToken,
              refreshToken: t.refreshToken,
              expiresAt: this.deps.now() + t.expiresIn * 1000,
              user: t.user,
            };
    try {
      if (this.session) this.deps.storage?.setItem(KEY, JSON.stringify(this.session));
      else this.deps.storage?.removeItem(KEY);
    } catch {
      /* storage unavailable: the session lives in memory only */
    }
    this.schedule();
    for (const l of this.listeners) l();
  }

  private schedule(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    if (!this.session) return;
    const ms = Math.max(0, this.session.expiresAt - this.deps.now() - REFRESH_AHEAD_MS);
    this.timer = this.deps.setTimer(() => void this.refresh(), ms);
  }

  private load(): Session | null {
    try {
      const raw = this.deps.storage?.getItem(KEY);
      const s = raw ? (JSON.parse(raw) as Session) : null;
      return s && typeof s.accessToken === 'string' && typeof s.refreshToken === 'string' && s.user
        ? s
        : null;
    } catch {
      return null;
    }
  }
}

function browserStorage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The console's one session. */
export const auth = new AuthSession({
  fetch: (input, init) => window.fetch(input, init),
  storage: typeof window === 'undefined' ? null : browserStorage(),
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, Math.min(ms, 2 ** 31 - 1)),
  clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
});
