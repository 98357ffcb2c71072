import {
  CitizenConfigSchema,
  CitizenPublicStatusSchema,
  CitizenReceiptSchema,
  CitizenReportViewSchema,
  type CitizenConfig,
  type CitizenPublicStatus,
  type CitizenReceipt,
  type CitizenReportView,
} from '@ioc/contracts/citizen.dto';
import { auth } from './auth.session';
import { getJson, HttpError, sendJson } from './http.client';

/** A refusal of the public routes: status and the field the server named (400), if any. */
export class PublicError extends Error {
  constructor(
    readonly status: number,
    readonly field: string | null,
    readonly retryAfterS: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

async function publicJson<T>(res: Response, parse: (v: unknown) => T): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    /* a proxy's HTML error page */
  }
  if (!res.ok) {
    const field = (body as { field?: unknown } | null)?.field;
    const retry = Number(res.headers.get('retry-after'));
    throw new PublicError(res.status, typeof field === 'string' ? field : null, retry > 0 ? retry : null);
  }
  return parse(body);
}

// ---- public (no session: these pages work without logging in) ---------------------------------------

export async function loadCitizenConfig(signal?: AbortSignal): Promise<CitizenConfig> {
  const res = await fetch('/public/config', { headers: { Accept: 'application/json' }, signal });
  return publicJson(res, (b) => CitizenConfigSchema.parse(b));
}

/** Multipart: the form's fields and up to 3 photos. */
export async function submitCitizenReport(form: FormData): Promise<CitizenReceipt> {
  const res = await fetch('/public/reports', {
    method: 'POST',
    body: form,
    headers: { Accept: 'application/json' },
  });
  return publicJson(res, (b) => CitizenReceiptSchema.parse(b));
}

export async function loadCitizenStatus(code: string, signal?: AbortSignal): Promise<CitizenPublicStatus> {
  const res = await fetch(`/public/reports/${encodeURIComponent(code)}`, {
    headers: { Accept: 'application/json' },
    signal,
  });
  return publicJson(res, (b) => CitizenPublicStatusSchema.parse(b));
}

// ---- operators ---------------------------------------------------------------------------------------

/** Null for reports that did not come through the public form (hotline, MQTT). */
export async function loadCitizenReport(id: string, signal?: AbortSignal): Promise<CitizenReportView | null> {
  try {
    return await getJson(`/api/citizen-reports/${encodeURIComponent(id)}`, CitizenReportViewSchema, signal);
  } catch (e) {
    if (e instanceof HttpError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

/** A photo through the authenticated route, as an object URL (revoke it when done). */
export async function loadCitizenPhoto(id: string, index: number, signal?: AbortSignal): Promise<string> {
  const path = `/api/citizen-reports/${encodeURIComponent(id)}/photos/${index}`;
  const res = await auth.fetch(path, { signal });
  if (!res.ok) throw new HttpError(res.status, path);
  return URL.createObjectURL(await res.blob());
}

export function markCitizenSpam(id: string): Promise<CitizenReportView> {
  return sendJson('POST', `/api/citizen-reports/${encodeURIComponent(id)}/spam`, {}, CitizenReportViewSchema);
}
