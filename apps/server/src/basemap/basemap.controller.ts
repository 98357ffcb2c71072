import { Controller, Get, Header, Param, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { BasemapService } from './basemap.service';

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
}
