import { Module, type DynamicModule } from '@nestjs/common';
import { BasemapController } from './basemap.controller';
import { BASEMAP_OPTIONS, type BasemapOptions } from './basemap.options';
import { BasemapService } from './basemap.service';

/** The offline basemap (style, land, glyphs); `/api/config` is app/console-config.controller.ts. */
@Module({})
export class BasemapModule {
  static forRoot(options: BasemapOptions = {}): DynamicModule {
    return {
      module: BasemapModule,
      controllers: [BasemapController],
      providers: [{ provide: BASEMAP_OPTIONS, useValue: { ...options } }, BasemapService],
      exports: [BasemapService],
    };
  }
}
