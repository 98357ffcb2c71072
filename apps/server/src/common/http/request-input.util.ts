import { z } from 'zod';
import { InputError, type FieldError } from './api.errors';
import type { ApiDocOptions } from './api-doc.decorator';
import { fieldErrors, UNKNOWN_FIELD } from './zod-issues.util';

export interface RequestInput {
  query: unknown;
  body: unknown;
  params: unknown;
}

/**
 * Validates a request's input against the schemas of its @ApiDoc and returns the parsed values (defaults
 * filled, strings coerced); the parts without a schema stay as they came. Throws one InputError listing
 * every bad field of the query, then the path, then the body. A query key the schema does not name is
 * refused on every route, strict schema or not: a typo must not silently widen a list.
 */
export function parseRequestInput(doc: ApiDocOptions, raw: RequestInput): RequestInput {
  const errors: FieldError[] = [];
  const part = (schema: z.ZodType | undefined, value: unknown, whole: string): unknown => {
    if (!schema) return value;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    errors.push(...fieldErrors(parsed.error.issues, whole));
    return value;
  };
  const query = part(doc.query, raw.query ?? {}, 'query');
  if (doc.query instanceof z.ZodObject && raw.query && typeof raw.query === 'object') {
    const known = new Set(Object.keys(doc.query.shape as object));
    for (const k of Object.keys(raw.query))
      if (!known.has(k) && !errors.some((e) => e.field === k))
        errors.push({ field: k, message: UNKNOWN_FIELD });
  }
  const params = part(doc.params, raw.params ?? {}, 'params');
  const body = part(doc.body, raw.body ?? {}, 'body');
  if (errors.length) throw new InputError(errors);
  return { query, body, params };
}
