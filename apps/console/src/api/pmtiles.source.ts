import { EtagMismatch, PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { auth } from './auth.session';

/**
 * The server's PMTiles archive read by range requests with the session's bearer token (MapLibre's
 * transformRequest never sees these: the `pmtiles` protocol fetches by itself). Through `auth.fetch`, so
 * a token that expired meanwhile is refreshed once, as for every API call. Mirrors pmtiles' FetchSource.
 */
export class SessionPmtilesSource implements Source {
  constructor(private readonly url: string) {}

  getKey(): string {
    return this.url;
  }

  async getBytes(
    offset: number,
    length: number,
    signal?: AbortSignal,
    etag?: string,
  ): Promise<RangeResponse> {
    const res = await auth.fetch(this.url, {
      headers: { Range: `bytes=${offset}-${offset + length - 1}` },
      signal,
    });
    let got = res.headers.get('ETag');
    if (got?.startsWith('W/')) got = null;
    // The archive was replaced on the server: EtagMismatch makes the reader start over from the header.
    if (etag && got && got !== etag) throw new EtagMismatch(`archive changed (ETag ${etag} → ${got})`);
    if (res.status !== 206 && res.status !== 200) throw new Error(`PMTiles archive: HTTP ${res.status}`);
    const data = await res.arrayBuffer();
    if (res.status === 200 && data.byteLength > length)
      throw new Error('PMTiles archive: the server ignored the Range header');
    return {
      data,
      etag: got ?? undefined,
      cacheControl: res.headers.get('Cache-Control') ?? undefined,
      expires: res.headers.get('Expires') ?? undefined,
    };
  }
}

/** A reader of the archive at `url` (absolute, same origin). */
export function sessionPmtiles(url: string): PMTiles {
  return new PMTiles(new SessionPmtilesSource(url));
}
