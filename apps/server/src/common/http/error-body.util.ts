import type { FieldError } from './api.errors';

/** Every error body the API sends: statusCode and message always, then what the error adds. */
export interface ErrorBody {
  statusCode: number;
  message: string;
  /** 400: the first bad field. */
  field?: string;
  /** 400: every bad field, in order (also when a route names only one). */
  errors?: FieldError[];
  [detail: string]: unknown;
}

/**
 * The one place an error body is built (the exception filter and the middleware that refuses bad bytes
 * before Nest use it): `payload` is what the exception carries (a string or an object of details).
 */
export function errorBody(statusCode: number, payload: unknown): ErrorBody {
  const details: Record<string, unknown> =
    payload && typeof payload === 'object' ? { ...(payload as Record<string, unknown>) } : {};
  const raw = typeof payload === 'string' ? payload : details.message;
  // Nest's own exceptions may carry a list of messages; clients get one line.
  const message = Array.isArray(raw) ? raw.map(String).join('; ') : String(raw ?? 'error');
  delete details.statusCode;
  delete details.message;
  const body: ErrorBody = { statusCode, message, ...details };
  if (statusCode === 400 && typeof body.field === 'string' && !body.errors)
    body.errors = [{ field: body.field, message }];
  return body;
}
