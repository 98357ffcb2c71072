import {
  Controller,
  Get,
  Header,
  HttpException,
  HttpStatus,
  Param,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { notFound } from '../common/http/api.errors';
import { BasemapService } from './basemap.service';
import { resolveByteRange } from './byte-range.util';
import { archiveVersion } from './pmtiles.archive';

/** Private: the archive is behind the login; a day, revalidated by ETag (a reader also checks it). */
const PMTILES_CACHE = 'private, max-age=86400';

/** `If-None-Match` lists the ETag (weak comparison, as RFC 9110 says for it) or is `*`. */
function matchesNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

@Controller('api')
export class BasemapController {
  constructor(private readonly basemap: BasemapService) {}

  /** URLs inside depend on the Host header, so caches must not share it across hosts. */
  @Get('basemap/style.json')
  @ApiDoc({ summary: 'MapLibre style of the offline basemap' })
  @Header('Cache-Control', 'no-cache')
  @Header('Vary', 'Host')
  style(@Req() req: Request): Record<string, unknown> {
    return this.basemap.style(req.protocol, req.get('host'));
  }

  @Get('basemap/land.geojson')
  @ApiDoc({ summary: 'Land polygons of the offline basemap, clipped to the city' })
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  land(): string {
    return this.basemap.landGeoJson();
  }

  @Get('basemap/fonts/:fontstack/:range.pbf')
  @ApiDoc({ summary: 'Glyph ranges (PBF) for map labels, Vietnamese included' })
  @Header('Cache-Control', 'public, max-age=86400')
  async glyphs(
    @Param('fontstack') fontstack: string,
    @Param('range') range: string,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.basemap.glyphs(fontstack, range), {
      type: 'application/x-protobuf',
    });
  }

  /**
   * The BASEMAP_PMTILES archive, streamed from the file: `Range: bytes=a-b` → 206 with those bytes
   * (a PMTiles reader only ever asks for ranges), no Range → 200 with the whole file, a malformed, multi
   * or unsatisfiable range → 416 with `Content-Range: bytes *\/size`, a matching `If-None-Match` → 304.
   */
  @Get('basemap/tiles.pmtiles')
  @ApiDoc({ summary: 'The PMTiles street basemap (BASEMAP_PMTILES), by HTTP range requests; 404 when none' })
  async pmtiles(@Req() req: Request, @Res() res: Response): Promise<void> {
    const file = this.basemap.pmtilesFile();
    if (!file) throw notFound('no PMTiles basemap configured (BASEMAP_PMTILES)');
    const { size, etag, mtime } = await archiveVersion(file);
    res.set({
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': mtime.toUTCString(),
      'Cache-Control': PMTILES_CACHE,
    });
    if (matchesNoneMatch(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const rangeHeader = req.get('range');
    // If-Range: the range only applies to the version the client already holds parts of.
    const ifRange = req.get('if-range');
    let start = 0;
    let end = size - 1;
    if (rangeHeader !== undefined && (!ifRange || ifRange === etag)) {
      const r = resolveByteRange(rangeHeader, size);
      if (r === 'invalid' || r === 'unsatisfiable') {
        res.set({ 'Content-Range': `bytes */${size}`, 'Cache-Control': 'no-store' });
        throw new HttpException(
          {
            message:
              r === 'invalid'
                ? 'Range must be one range: bytes=start-end, bytes=start- or bytes=-suffix'
                : `Range starts beyond the end of the archive (${size} bytes)`,
            field: 'range',
          },
          HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
        );
      }
      ({ start, end } = r);
      res.status(206).set('Content-Range', `bytes ${start}-${end}/${size}`);
    } else res.status(200);
    res.set({
      'Content-Type': 'application/vnd.pmtiles',
      'Content-Length': String(size === 0 ? 0 : end - start + 1),
    });
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    // Streamed: the archive may be gigabytes; a client that goes away closes the file.
    pipeline(createReadStream(file, { start, end }), res, () => undefined);
  }
}
