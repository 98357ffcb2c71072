import type { AuthUser } from '@ioc/contracts/auth.schema';

/** A tiny REST client for tests: JSON in, `{ status, body }` out, with the bearer token of one user. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  readonly token: string | null;
  /** The logged-in user (the audit actor of everything done through this client); null without a token. */
  readonly user: AuthUser | null;
  /** A FormData body is sent as multipart/form-data; anything else as JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

export function apiClient(baseUrl: string, token: string | null, user: AuthUser | null = null): ApiClient {
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse<T>> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    Object.assign(headers, extraHeaders);
    const r = await fetch(baseUrl + path, {
      method,
      headers,
      body:
        body === undefined ? undefined : form ? body : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text;
    if ((r.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: r.status, body: parsed as T, headers: r.headers };
  };
  return {
    token,
    user,
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
  };
}

/** Logs in through `POST /api/auth/login`; throws unless it succeeds. */
export async function login(
  baseUrl: string,
  username: string,
  password: string,
): Promise<ApiClient & { refreshToken: string }> {
  const r = await apiClient(baseUrl, null).post<{
    accessToken: string;
    refreshToken: string;
    user: AuthUser;
  }>('/api/auth/login', { username, password });
  if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { ...apiClient(baseUrl, r.body.accessToken, r.body.user), refreshToken: r.body.refreshToken };
}
