import type { z } from 'zod';
import { auth } from './auth.session';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`HTTP ${status} for ${path}`);
  }
}

/**
 * GET a same-origin JSON resource with the session's token and validate it: a server/console mismatch
 * fails loudly here. A 401 that survives one refresh has already ended the session (→ login screen).
 */
export async function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  signal?: AbortSignal,
): Promise<z.infer<S>> {
  const res = await auth.fetch(path, { headers: { Accept: 'application/json' }, signal });
  if (!res.ok) throw new HttpError(res.status, path);
  return schema.parse(await res.json());
}

/** The server's refusal: status and body (400 names the field, 409 lists what is allowed). */
export class CommandError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: unknown,
  ) {
    super(`HTTP ${status} for ${path}`);
  }
}

/** POST/PATCH JSON with the session's token; the answer is validated like GETs. */
export async function sendJson<S extends z.ZodType>(
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  schema: S,
): Promise<z.infer<S>> {
  const res = await auth.fetch(path, {
    method,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new CommandError(res.status, path, json);
  return schema.parse(json);
}
