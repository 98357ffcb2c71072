import { citizenRoute, reportDateFromHash, viewFromHash, viewsFor } from './app-views';

describe('views by role', () => {
  it('offers a responder no console view at all (its phone shows the field page only)', () => {
    expect(viewsFor('responder')).toEqual([]);
  });
  it('offers the users page to admins only', () => {
    expect(viewsFor('operator')).not.toContain('users');
    expect(viewsFor('supervisor')).not.toContain('users');
    expect(viewsFor('admin')).toContain('users');
  });

  it('reads the view from the hash', () => {
    expect(viewFromHash('#users')).toBe('users');
    expect(viewFromHash('#/units')).toBe('units');
    expect(viewFromHash('#nope')).toBeNull();
    // the router's hash location hands the same as a path
    expect(viewFromHash('/users')).toBe('users');
    expect(viewFromHash('/')).toBeNull();
  });

  it('offers history to every role', () => {
    expect(viewsFor('operator')).toContain('history');
    expect(viewFromHash('#history')).toBe('history');
  });

  it('reads the daily report date from the hash', () => {
    expect(reportDateFromHash('#/report/2026-03-01')).toBe('2026-03-01');
    expect(reportDateFromHash('#report/2026-03-01')).toBe('2026-03-01');
    expect(reportDateFromHash('#/report/2026-3-1')).toBeNull();
    expect(reportDateFromHash('#history')).toBeNull();
  });
});

describe('citizenRoute', () => {
  it('routes the public form and status pages, and nothing else', () => {
    expect(citizenRoute('#/citizen')).toEqual({ page: 'form' });
    expect(citizenRoute('#/citizen/')).toEqual({ page: 'form' });
    expect(citizenRoute('#/citizen/ab12cd34ef')).toEqual({ page: 'status', code: 'AB12CD34EF' });
    expect(citizenRoute('#/citizen/status')).toEqual({ page: 'status', code: null });
    expect(citizenRoute('#/incidents')).toBeNull();
    expect(citizenRoute('#/citizens')).toBeNull();
    expect(citizenRoute('')).toBeNull();
  });
});
