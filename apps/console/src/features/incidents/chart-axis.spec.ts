import { tickDigits, yRange, yTickLabels } from './chart-axis';

describe('chart axis', () => {
  it('gives ticks the decimals that keep them distinct', () => {
    expect(yTickLabels([1.2, 1.4, 1.6], 'vi')).toEqual(['1,2', '1,4', '1,6']);
    expect(yTickLabels([1.2, 1.4, 1.6], 'en')).toEqual(['1.2', '1.4', '1.6']);
    expect(yTickLabels([0.25, 0.5, 0.75], 'en')).toEqual(['0.25', '0.50', '0.75']);
    expect(yTickLabels([100, 200, 300], 'vi')).toEqual(['100', '200', '300']);
    // floating-point splits (0.1 + 0.2) still read as one decimal
    expect(tickDigits([0.1, 0.1 + 0.2, 0.5])).toBe(1);
    const labels = yTickLabels([1.05, 1.1, 1.15, 1.2], 'vi');
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('keeps alarm levels in view and pads the data', () => {
    const [lo, hi] = yRange([1.2, 1.6, null], [2.2, 2.6, 3.0]);
    expect(lo).toBeLessThan(1.2);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeGreaterThan(3.0);
    expect(yRange([], [])).toEqual([0, 1]);
    const [a, b] = yRange([5, 5], []);
    expect(a).toBeLessThan(5);
    expect(b).toBeGreaterThan(5);
  });
});
