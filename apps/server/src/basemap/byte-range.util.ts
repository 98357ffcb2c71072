/** One satisfiable byte range, inclusive ends (as in `Content-Range: bytes start-end/size`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The single range of a `Range` header for a resource of `size` bytes (RFC 9110 §14.1.2):
 * `bytes=a-b` (b clamped to the last byte), `bytes=a-`, `bytes=-n` (the last n bytes).
 * `'invalid'` for anything else — another unit, malformed numbers, several ranges (readers of a PMTiles
 * archive ask for one range at a time) — and `'unsatisfiable'` when no byte of it exists; both are 416.
 */
export function resolveByteRange(header: string, size: number): ByteRange | 'invalid' | 'unsatisfiable' {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return 'invalid';
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}
