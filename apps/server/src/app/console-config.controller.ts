import { Controller, Get } from '@nestjs/common';
import type { ConsoleConfig } from '@ioc/contracts/console-config.dto';
import { BasemapService } from '../basemap/basemap.service';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { IncidentsConfigService } from '../incidents/incidents-config.service';

/**
 * `/api/config`: what the console needs from several features (basemap style, the city time zone of the
 * incidents config). Mounted by the ApiModule, so the basemap feature does not depend on incidents.
 */
@Controller('api')
export class ConsoleConfigController {
  constructor(
    private readonly basemap: BasemapService,
    private readonly incidentsConfig: IncidentsConfigService,
  ) {}

  @Get('config')
  @ApiDoc({
    summary: 'Runtime settings the console needs (basemap style or PMTiles archive, city time zone)',
  })
  config(): ConsoleConfig {
    return {
      basemapStyleUrl: this.basemap.styleUrl(),
      basemapPmtilesUrl: this.basemap.pmtilesUrl(),
      timeZone: this.incidentsConfig.timeZone,
    };
  }
}
