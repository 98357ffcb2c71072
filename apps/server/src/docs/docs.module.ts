import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DocsController } from './docs.controller';
import { OpenApiService } from './openapi.service';

/** /api/docs on every instance: each documents the routes its own roles registered. */
@Module({ imports: [DiscoveryModule], controllers: [DocsController], providers: [OpenApiService] })
export class DocsModule {}
