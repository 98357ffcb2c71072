import { PM25_BANDS, pm25BandOfConcentration } from './pm25-band';

describe('pm25BandOfConcentration', () => {
  it.each([
    [0, 'good', '#00e400'],
    [24.9, 'good', '#00e400'],
    [25, 'moderate', '#ffff00'],
    [49.9, 'moderate', '#ffff00'],
    [50, 'poor', '#ff7e00'],
    [80, 'bad', '#ff0000'],
    [149.9, 'bad', '#ff0000'],
    [150, 'very_bad', '#8f3f97'],
    [250, 'hazardous', '#7e0023'],
    [1200, 'hazardous', '#7e0023'],
  ])('bands %p µg/m³ as %s', (value, band, color) => {
    expect(pm25BandOfConcentration(value)).toMatchObject({ band, color });
  });

  it.each([null, undefined, NaN, Infinity, -1])('gives no band for %p', (value) => {
    expect(pm25BandOfConcentration(value)).toBeNull();
  });

  it('has contiguous bands from 0 to infinity', () => {
    expect(PM25_BANDS[0].from).toBe(0);
    for (let i = 1; i < PM25_BANDS.length; i++) expect(PM25_BANDS[i].from).toBe(PM25_BANDS[i - 1].to);
    expect(PM25_BANDS[PM25_BANDS.length - 1].to).toBe(Infinity);
  });
});
