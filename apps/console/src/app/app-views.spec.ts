import { viewFromHash, viewsFor } from './app-views';

describe('views by role', () => {
  it('offers the users page to admins only', () => {
    expect(viewsFor('operator')).not.toContain('users');
    expect(viewsFor('supervisor')).not.toContain('users');
    expect(viewsFor('admin')).toContain('users');
  });

  it('reads the view from the hash', () => {
    expect(viewFromHash('#users')).toBe('users');
    expect(viewFromHash('#/units')).toBe('units');
    expect(viewFromHash('#nope')).toBeNull();
  });
});
