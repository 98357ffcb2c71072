import { Controller, Get } from '@nestjs/common';
import { ApiDoc } from '../common/http/api-doc.decorator';
import { OpenApiService } from './openapi.service';

@Controller('api/docs')
export class DocsController {
  constructor(private readonly openapi: OpenApiService) {}

  /** The OpenAPI 3.1 document of every registered route (any valid token). */
  @Get()
  @ApiDoc({ summary: 'This document' })
  document(): Record<string, unknown> {
    return this.openapi.document();
  }
}
