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
