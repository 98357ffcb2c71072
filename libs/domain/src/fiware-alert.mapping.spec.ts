import { mapFiwareAlert, type FiwareAlertMapping } from './fiware-alert.mapping';

const mapping: FiwareAlertMapping = {
  map: [
    { category: 'traffic', to: 'traffic' },
    { category: 'naturalDisaster', subCategory: 'flood', to: 'flood', severity: 'Severe' },
    { category: 'naturalDisaster', subCategory: 'forestFire', to: 'fire' },
    { category: 'naturalDisaster', to: 'environment' },
    { category: 'traffic', subCategory: 'carAccident', to: 'traffic', severity: 'Severe' },
  ],
  defaultCategory: 'other',
  defaultSeverity: 'Moderate',
};

describe('mapFiwareAlert', () => {
  it('maps the data model example (traffic/trafficJam, high) to traffic keeping its severity', () => {
    expect(
      mapFiwareAlert({ category: 'traffic', subCategory: 'trafficJam', severity: 'Severe' }, mapping),
    ).toMatchObject({ category: 'traffic', severity: 'Severe', entry: { category: 'traffic' } });
  });

  it('prefers a category+subCategory entry over the category alone, whatever the order', () => {
    expect(
      mapFiwareAlert({ category: 'traffic', subCategory: 'carAccident', severity: 'Minor' }, mapping),
    ).toMatchObject({ category: 'traffic', severity: 'Severe', entry: { subCategory: 'carAccident' } });
    expect(
      mapFiwareAlert(
        { category: 'naturalDisaster', subCategory: 'forestFire', severity: 'Moderate' },
        mapping,
      ),
    ).toMatchObject({ category: 'fire', severity: 'Moderate' });
    expect(
      mapFiwareAlert(
        { category: 'naturalDisaster', subCategory: 'earthquake', severity: 'Extreme' },
        mapping,
      ),
    ).toMatchObject({ category: 'environment', severity: 'Extreme' });
  });

  it('ignores case and lets an entry override the severity', () => {
    expect(
      mapFiwareAlert({ category: 'NATURALDISASTER', subCategory: 'Flood', severity: 'Minor' }, mapping),
    ).toMatchObject({ category: 'flood', severity: 'Severe' });
  });

  it('falls back to the default category, and the default severity for an unknown one', () => {
    expect(mapFiwareAlert({ category: 'health', subCategory: null, severity: 'Unknown' }, mapping)).toEqual({
      category: 'other',
      severity: 'Moderate',
      entry: null,
    });
    expect(
      mapFiwareAlert({ category: 'health', subCategory: null, severity: 'Minor' }, mapping).severity,
    ).toBe('Minor');
  });
});
