/** SQLSTATE classes caused by the data itself (22 data exception, 23 integrity): retrying the same rows can never succeed. */
export function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** A unique key already holds the row (SQLSTATE 23505): a redelivery, not bad data. */
export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown })?.code === '23505';
}
