import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_DOC_KEY = 'ioc:apiDoc';

/** What /api/docs says about a route beyond what Nest already knows (method, path, roles). */
export interface ApiDocOptions {
  summary?: string;
  /** Schema of the query string (a z.object: each key becomes a query parameter). */
  query?: z.ZodType;
  /** Schema of the JSON body. */
  body?: z.ZodType;
  /** Schema of the success response. */
  response?: z.ZodType;
}

/** Describes a route in the OpenAPI document, with the same zod schemas that validate it. */
export const ApiDoc = (options: ApiDocOptions) => SetMetadata(API_DOC_KEY, options);
