import { isDatabaseUnavailable } from './database-unavailable.filter';

describe('isDatabaseUnavailable', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, true],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '08006', message: 'connection failure' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [new Error('timeout exceeded when trying to connect'), true],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }, false],
    [{ code: '22P02', message: 'invalid input syntax for type uuid' }, false],
    [new Error('something else'), false],
    [null, false],
  ])('%o → %s', (e, expected) => {
    expect(isDatabaseUnavailable(e)).toBe(expected);
  });
});
