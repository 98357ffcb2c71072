import { isMoreSevere, severityRank } from './incident-severity';

describe('CAP severity order', () => {
  it('ranks Extreme > Severe > Moderate > Minor > Unknown', () => {
    const order = ['Unknown', 'Minor', 'Moderate', 'Severe', 'Extreme'] as const;
    order.forEach((s, i) => expect(severityRank(s)).toBe(i));
    expect(isMoreSevere('Severe', 'Moderate')).toBe(true);
    expect(isMoreSevere('Moderate', 'Moderate')).toBe(false);
    expect(isMoreSevere('Unknown', 'Minor')).toBe(false);
  });
});
