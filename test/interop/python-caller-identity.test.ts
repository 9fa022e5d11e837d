/**
 * A Python caller (pika) calls a warren TypeScript service that requires a caller identity
 * (issue 19): with `user_id` set to its broker user it gets through and the handler sees that
 * user; without, it gets UNAUTHENTICATED. The shared broker's guest user is enough here; the
 * forged-identity case is in test/security/identity.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallerIdentity, Connection, Server } from '@warren/runtime';
import { serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { PythonPeer } from './python-peer.js';

describe('a Python caller and a TypeScript server that requires caller identity', () => {
  let peer: PythonPeer;
  let conn: Connection;
  let server: Server;
  const queue = uniqueQueue('py-identity');
  const callers: Array<CallerIdentity | undefined> = [];

  before(async () => {
    peer = new PythonPeer();
    conn = await testConnection();
    server = await serveCalculator(
      conn,
      {
        ...calculatorHandlers,
        calculate(request, context) {
          callers.push(context.caller);
          return { result: request.n * 2n };
        },
      },
      { queue, requireCallerIdentity: true },
    );
  });

  after(async () => {
    await server.close({ timeoutMs: 2_000 });
    await peer.close();
    await conn.close();
    await deleteQueues(queue, `${queue}.dead-letter`);
  });

  it('with user_id = its broker user (guest) the call succeeds and the handler sees guest', async () => {
    const outcome = await peer.call(queue, ['--method', 'Calculate', '--request', '{"n": "21"}', '--user-id', 'guest']);
    assert.deepEqual(outcome, { status: 'OK', response: { result: '42' } });
    assert.deepEqual(callers, [{ user: 'guest', vouched: true }]);
  });

  it('without user_id the call is answered UNAUTHENTICATED and the handler does not run', async () => {
    const outcome = await peer.call(queue, ['--method', 'Calculate', '--request', '{"n": "21"}']);
    assert.equal(outcome.status, 'UNAUTHENTICATED', JSON.stringify(outcome));
    assert.match(outcome.message ?? '', /requires a caller identity/);
    assert.equal(callers.length, 1);
  });
});
