import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unavailablePart } from './unavailable.server.ts';

test('connection problems are told apart from bugs, through wrapped causes', () => {
  const pg = Object.assign(new Error('database "x" is not currently accepting connections'), { code: '55000' });
  assert.equal(unavailablePart(pg), 'database');
  assert.equal(
    unavailablePart(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })),
    'database',
  );
  assert.equal(unavailablePart(new Error('Connection terminated unexpectedly')), 'database');
  assert.equal(unavailablePart(new Error('Connection Error: Connection ended unexpectedly')), 'database');
  assert.equal(unavailablePart(new Error('COMMIT; - Client has encountered a connection error and is not queryable')), 'database');
  assert.equal(
    unavailablePart(
      Object.assign(new Error('Transaction query already complete, run with DEBUG=knex:tx for more info'), { name: 'DriverException' }),
    ),
    'database',
  );
  assert.equal(
    unavailablePart(
      new Error('outer', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) }),
    ),
    'database',
  );
  assert.equal(unavailablePart(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 })), 'temporal');
  assert.equal(unavailablePart(Object.assign(new Error('Failed to start'), { name: 'ServiceError' })), 'temporal');
  // Bugs and bad queries stay 500s.
  assert.equal(unavailablePart(Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' })), null);
  assert.equal(unavailablePart(new TypeError('x is undefined')), null);
  assert.equal(unavailablePart('a string'), null);
});
