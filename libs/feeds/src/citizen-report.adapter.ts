import { SIGNAL_TEXT_MAX } from '@ioc/contracts/incident-signal.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';
import { hashBytes } from './hash.util';
import { describe, isObject, type JsonObject } from './json.util';
import { parseJsonPayload } from './parse-json';
import { isLatitude, isLongitude } from './record.factory';
import { accept, fail, guardAdapter, reject } from './result.util';
import { cleanLabel, cleanText } from './text.util';
import { parseIsoTime } from './time.util';

const REPORT_ID_RE = /^[A-Za-z0-9._:-]{1,100}$/;

function optString(msg: JsonObject, key: string): string | null {
  const v = msg[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(`"${key}" must be a string, got ${describe(v)}`);
  return v;
}

/** Only http(s) links are kept as photo evidence: no javascript:, data: or file: URLs reach the console. */
function photoUrl(value: string | null): string | null {
  if (value === null || value.trim().length === 0) return null;
  if (value.length > 2000) fail('photoUrl longer than 2000 characters');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return fail('photoUrl is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail(`photoUrl must be http(s), got ${url.protocol}`);
  return url.href;
}

/**
 * Citizen report on `ioc/reports` (same body as POST /api/reports): {text, category?, subCategory?, lat?, lon?,
 * contact?, photoUrl?, id?, time?}. Text is cleaned and cut to ctx.maxTextChars; HTML escaping is left to
 * the renderer. Without an `id`, a hash of the bytes makes redelivery idempotent.
 */
function adaptCitizenReport(
  _topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const parsed = parseJsonPayload(payload, ctx.maxReportBytes);
  if (!parsed.ok) return reject(parsed.reason);
  const msg = parsed.value;
  if (!isObject(msg)) return reject(`report must be a JSON object, got ${describe(msg)}`);
  const textRaw = optString(msg, 'text');
  if (textRaw === null) return reject('"text" missing');
  const description = cleanText(textRaw, Math.min(ctx.maxTextChars, SIGNAL_TEXT_MAX)).text;
  if (description.length === 0) return reject('"text" is empty');
  const category = cleanLabel(optString(msg, 'category') ?? '', 100) || 'other';
  const subCategory = cleanLabel(optString(msg, 'subCategory') ?? '', 100) || null;
  const { lat, lon } = msg;
  const hasLat = lat !== undefined && lat !== null;
  const hasLon = lon !== undefined && lon !== null;
  if (hasLat !== hasLon) return reject('lat and lon must be given together');
  if (hasLat && (!isLatitude(lat) || !isLongitude(lon)))
    return reject(`invalid position lat=${describe(lat)} lon=${describe(lon)}`);
  const id = optString(msg, 'id');
  if (id !== null && !REPORT_ID_RE.test(id))
    return reject('"id" must be 1-100 characters of A-Z a-z 0-9 . _ : -');
  const timeRaw = optString(msg, 'time');
  let time = receivedAt.toISOString();
  if (timeRaw !== null) {
    const t = parseIsoTime(timeRaw, ctx.naiveTimeOffset);
    time = t.ok ? t.iso : fail(`time: ${t.reason}`);
  }
  const contact = cleanLabel(optString(msg, 'contact') ?? '', 200) || null;
  return accept([
    {
      type: 'signal',
      signal: {
        kind: 'citizen_report',
        sourceId: `report:${id ?? hashBytes(payload)}`,
        time,
        category,
        subCategory,
        // Citizens do not grade severity; the operator triages.
        severity: 'Unknown',
        description,
        lat: hasLat ? (lat as number) : null,
        lon: hasLon ? (lon as number) : null,
        contact,
        photoUrl: photoUrl(optString(msg, 'photoUrl')),
        raw: msg,
        source: 'citizen',
      },
    },
  ]);
}

export const citizenReportAdapter: FeedAdapter = guardAdapter('citizen-report', adaptCitizenReport);
