import { chartGuides, vnAqiConcentrationBands } from './chart-guides';

describe('chartGuides', () => {
  it('gives a gauge its three flood alarm levels, labelled', () => {
    const g = chartGuides('water_level', { level1: 2.2, level2: 2.6, level3: 3.0 });
    expect(g.levels.map((l) => [l.value, l.label.vi, l.label.en])).toEqual([
      [2.2, 'Báo động I', 'Alarm level I'],
      [2.6, 'Báo động II', 'Alarm level II'],
      [3.0, 'Báo động III', 'Alarm level III'],
    ]);
    expect(g.bands).toEqual([]);
    expect(chartGuides('water_level', null)).toEqual({ levels: [], bands: [] });
  });

  it('gives PM2.5 the VN_AQI concentration bands (25 / 50 / 80 / 150 / 250 µg/m³)', () => {
    const b = chartGuides('pm25').bands;
    expect(b.map((x) => [x.from, x.to, x.label.vi])).toEqual([
      [0, 25, 'Tốt'],
      [25, 50, 'Trung bình'],
      [50, 80, 'Kém'],
      [80, 150, 'Xấu'],
      [150, 250, 'Rất xấu'],
      [250, Infinity, 'Nguy hại'],
    ]);
    expect(vnAqiConcentrationBands('NO2_1h')[1]).toMatchObject({ from: 100, to: 200 });
    expect(chartGuides('temperature')).toEqual({ levels: [], bands: [] });
  });
});
