import type { z } from 'zod';
import type { FieldError } from './api.errors';

/** The message of a key a schema does not take (query parameter or body field). */
export const UNKNOWN_FIELD = 'unknown field';

/**
 * zod issues → field errors named by their top-level key (`unitIds`, not `unitIds.0`), as the API names
 * its fields; an issue about the whole input is named `whole` (e.g. `body`). Unknown keys get one error each.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], whole: string): FieldError[] {
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ field: String(i.path[0] ?? k), message: UNKNOWN_FIELD }))
      : [{ field: i.path.length ? String(i.path[0]) : whole, message: i.message }],
  );
}
