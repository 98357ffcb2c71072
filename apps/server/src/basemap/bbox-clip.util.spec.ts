import { clipPolygonsToBBox, clipRingToBBox } from './bbox-clip.util';

const square = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('clipRingToBBox', () => {
  it('keeps a ring fully inside unchanged (closed)', () => {
    expect(clipRingToBBox(square(1, 1, 2, 2), [0, 0, 10, 10])).toEqual(square(1, 1, 2, 2));
  });

  it('cuts a ring crossing the box to the box', () => {
    const out = clipRingToBBox(square(-5, -5, 5, 5), [0, 0, 10, 10]);
    expect(out[0]).toEqual(out[out.length - 1]);
    const xs = out.map((p) => p[0]);
    const ys = out.map((p) => p[1]);
    expect([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]).toEqual([0, 5, 0, 5]);
  });

  it('drops a ring outside the box', () => {
    expect(clipRingToBBox(square(20, 20, 30, 30), [0, 0, 10, 10])).toEqual([]);
  });
});

describe('clipPolygonsToBBox', () => {
  it('drops polygons outside, clips holes and rounds coordinates', () => {
    const inside = [square(1.123456, 1, 9, 9), square(4, 4, 5, 5)];
    const outside = [square(50, 50, 60, 60)];
    const out = clipPolygonsToBBox([inside, outside], [0, 0, 10, 10], 2);
    expect(out).toHaveLength(1);
    expect(out[0]).toHaveLength(2);
    expect(out[0][0][0]).toEqual([1.12, 1]);
  });
});
