/**
 * Codes that open a dead letter's reason (`<code>: <detail>`) for the refusals an operator must tell apart
 * from malformed input: a device speaking for another, and times the system cannot hold.
 */
export const IDENTITY_MISMATCH = 'identity_mismatch';
export const TIME_IN_FUTURE = 'time_in_future';
export const TIME_BEFORE_RETENTION = 'time_before_retention';

export type DeadLetterCode = typeof IDENTITY_MISMATCH | typeof TIME_IN_FUTURE | typeof TIME_BEFORE_RETENTION;
