import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { BasemapService } from '../basemap/basemap.service';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { CityService } from '../devices/city.service';

/**
 * The small maps of the citizen form and the responder's phone: the offline basemap (land and ward
 * outlines, no labels, so no glyphs) under /public, since neither a citizen nor a responder may read
 * /api/basemap. Nothing here is more than a printed city map shows.
 */
@Controller('public/map')
@Public()
export class PublicMapController {
  constructor(
    private readonly basemap: BasemapService,
    private readonly city: CityService,
  ) {}

  @Get('style.json')
  @ApiDoc({ summary: 'MapLibre style of the offline basemap for the public pages (land, wards; no labels)' })
  @Header('Cache-Control', 'no-cache')
  @Header('Vary', 'Host')
  style(@Req() req: Request): Record<string, unknown> {
    const s = this.basemap.style(req.protocol, req.get('host')) as {
      glyphs?: string;
      sources: Record<string, { data?: string }>;
      layers: { type: string }[];
    };
    const { glyphs: _g, ...style } = s;
    const sources = Object.fromEntries(
      Object.entries(s.sources).map(([k, v]) => [
        k,
        {
          ...v,
          data: v.data
            ?.replace('/api/basemap/land.geojson', '/public/map/land.geojson')
            .replace('/api/city/wards.geojson', '/public/map/wards.geojson'),
        },
      ]),
    );
    return { ...style, sources, layers: s.layers.filter((l) => l.type !== 'symbol') };
  }

  @Get('land.geojson')
  @ApiDoc({ summary: 'Land polygons of the offline basemap' })
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  land(): string {
    return this.basemap.landGeoJson();
  }

  @Get('wards.geojson')
  @ApiDoc({ summary: 'Ward outlines' })
  @Header('Cache-Control', 'public, max-age=3600')
  wards(): unknown {
    return this.city.wardsGeoJson;
  }
}
