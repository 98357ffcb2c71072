import { historyQuery } from './history.api';

describe('historyQuery', () => {
  const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T01:00:00.000Z' };

  it('sends the filters that are set and leaves the empty ones out (the server refuses empty lists)', () => {
    const q = new URLSearchParams(
      historyQuery({
        ...range,
        types: ['incident', 'unit'],
        severity: 'Severe',
        category: '',
        ward: 'w-1',
        q: '  chợ ',
      }),
    );
    expect(Object.fromEntries(q)).toEqual({
      ...range,
      types: 'incident,unit',
      severity: 'Severe',
      ward: 'w-1',
      q: 'chợ',
    });
  });

  it('adds paging extras but not undefined ones', () => {
    expect(historyQuery({ ...range, types: [] }, { cursor: undefined, limit: 200 })).toBe(
      `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&limit=200`,
    );
  });
});
