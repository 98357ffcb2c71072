import { Module, type DynamicModule } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { BasemapController } from './basemap.controller';
import { BASEMAP_OPTIONS, type BasemapOptions } from './basemap.options';
import { BasemapService } from './basemap.service';

/** `/api/config` and the offline basemap (style, land, glyphs). */
@Module({})
export class BasemapModule {
  static forRoot(options: BasemapOptions = {}): DynamicModule {
    return {
      module: BasemapModule,
      // the city time zone that /api/config hands the console comes from the incidents config
      imports: [IncidentsModule],
      controllers: [BasemapController],
      providers: [{ provide: BASEMAP_OPTIONS, useValue: { ...options } }, BasemapService],
      exports: [BasemapService],
    };
  }
}
