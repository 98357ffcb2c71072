import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_DOC_KEY = 'ioc:apiDoc';

/**
 * What a route takes and answers. The same zod schemas build /api/docs and validate every request (the
 * global InputValidationInterceptor), so a route names each schema exactly once.
 */
export interface ApiDocOptions {
  summary?: string;
  /** Schema of the query string (a z.object: each key becomes a query parameter; other keys are refused). */
  query?: z.ZodType;
  /** Schema of the JSON body (a missing body is validated as `{}`). */
  body?: z.ZodType;
  /** Schema of the path parameters (a z.object keyed by parameter name); strings when omitted. */
  params?: z.ZodType;
  /** Schema of the success response. */
  response?: z.ZodType;
}

/** Describes a route in the OpenAPI document and declares the schemas that validate its input. */
export const ApiDoc = (options: ApiDocOptions) => SetMetadata(API_DOC_KEY, options);

/** What a handler receives for a schema of its @ApiDoc: `@Body() b: Input<typeof AckBodySchema>`. */
export type Input<S extends z.ZodType> = z.output<S>;
