import { resolveByteRange } from './byte-range.util';

describe('resolveByteRange', () => {
  it('reads the three single-range forms, clamping to the last byte', () => {
    expect(resolveByteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(resolveByteRange('bytes=0-16383', 1000)).toEqual({ start: 0, end: 999 });
    expect(resolveByteRange('bytes=990-', 1000)).toEqual({ start: 990, end: 999 });
    expect(resolveByteRange('bytes=-10', 1000)).toEqual({ start: 990, end: 999 });
    expect(resolveByteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(resolveByteRange('bytes=999-999', 1000)).toEqual({ start: 999, end: 999 });
  });

  it('calls ranges past the end unsatisfiable', () => {
    expect(resolveByteRange('bytes=1000-1001', 1000)).toBe('unsatisfiable');
    expect(resolveByteRange('bytes=5000-', 1000)).toBe('unsatisfiable');
    expect(resolveByteRange('bytes=-0', 1000)).toBe('unsatisfiable');
  });

  it('calls malformed, reversed, other-unit and multi-range headers invalid', () => {
    for (const h of [
      'bytes=',
      'bytes=-',
      'bytes=10-5',
      'bytes=a-b',
      'bytes=0-1,5-6',
      'items=0-1',
      'bytes=0x10-20',
      'bytes=1234567890123456-',
      '',
    ])
      expect([h, resolveByteRange(h, 1000)]).toEqual([h, 'invalid']);
  });
});
