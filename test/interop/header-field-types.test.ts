import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError, type Connection } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { PythonPeer } from './python-peer.js';

// docs/protocol.md 2.2: a receiver reads every x-warren- header as text, whatever AMQP field
// type the sender's client chose. Here the sender is pika, in each type it can write (S x l t
// D T F A V; it cannot write a float), against a TypeScript server and a TypeScript caller.

interface Case {
  name: string;
  header: string;
  kind: 'str' | 'bytes' | 'int' | 'bool' | 'decimal' | 'datetime' | 'table' | 'array' | 'void';
  value: string;
  timeoutMs?: number;
  expect: string;
}

const DEADLINE = 'x-warren-deadline';
const PROTOCOL = 'x-warren-protocol';
const LONG_PAST = '1000'; // 1970: a request with this deadline is skipped unanswered

// A readable deadline in the past is skipped (no reply: the Python caller gives up with
// DEADLINE_EXCEEDED); an unreadable one is no deadline (2.4), so the request is answered.
const deadlineCases: Case[] = [
  { name: 'deadline as a long string', header: DEADLINE, kind: 'str', value: LONG_PAST, timeoutMs: 700, expect: 'DEADLINE_EXCEEDED' },
  { name: 'deadline as a byte array', header: DEADLINE, kind: 'bytes', value: LONG_PAST, timeoutMs: 700, expect: 'DEADLINE_EXCEEDED' },
  { name: 'deadline as a 64-bit integer', header: DEADLINE, kind: 'int', value: LONG_PAST, timeoutMs: 700, expect: 'DEADLINE_EXCEEDED' },
  { name: 'deadline "1.5" (not whole digits)', header: DEADLINE, kind: 'str', value: '1.5', expect: 'OK' },
  { name: 'deadline "-1"', header: DEADLINE, kind: 'str', value: '-1', expect: 'OK' },
  { name: 'deadline as a boolean', header: DEADLINE, kind: 'bool', value: 'true', expect: 'OK' },
  { name: 'deadline as a decimal', header: DEADLINE, kind: 'decimal', value: LONG_PAST, expect: 'OK' },
  { name: 'deadline as a timestamp', header: DEADLINE, kind: 'datetime', value: '1', expect: 'OK' },
  { name: 'deadline as a table', header: DEADLINE, kind: 'table', value: LONG_PAST, expect: 'OK' },
  { name: 'deadline as an array', header: DEADLINE, kind: 'array', value: LONG_PAST, expect: 'OK' },
  { name: 'deadline as void', header: DEADLINE, kind: 'void', value: '', expect: 'OK' },
];

// 2.2: `<major>[.<minor>]` in digits once read as text; absent (or void) is version 1.
const protocolCases: Case[] = [
  { name: 'protocol "1" as a long string', header: PROTOCOL, kind: 'str', value: '1', expect: 'OK' },
  { name: 'protocol "1" as a byte array', header: PROTOCOL, kind: 'bytes', value: '1', expect: 'OK' },
  { name: 'protocol 1 as an integer', header: PROTOCOL, kind: 'int', value: '1', expect: 'OK' },
  { name: 'protocol "1.0"', header: PROTOCOL, kind: 'str', value: '1.0', expect: 'OK' },
  { name: 'protocol "01"', header: PROTOCOL, kind: 'str', value: '01', expect: 'OK' },
  { name: 'protocol as void', header: PROTOCOL, kind: 'void', value: '', expect: 'OK' },
  { name: 'protocol "2" as a long string', header: PROTOCOL, kind: 'str', value: '2', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol "2.1" as a byte array', header: PROTOCOL, kind: 'bytes', value: '2.1', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol 2 as an integer', header: PROTOCOL, kind: 'int', value: '2', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol " 1" (a space)', header: PROTOCOL, kind: 'str', value: ' 1', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol "1.0.0"', header: PROTOCOL, kind: 'str', value: '1.0.0', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol as a boolean', header: PROTOCOL, kind: 'bool', value: 'true', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol as a decimal', header: PROTOCOL, kind: 'decimal', value: '1', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol as a timestamp', header: PROTOCOL, kind: 'datetime', value: '1', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol as a table', header: PROTOCOL, kind: 'table', value: '1', expect: 'FAILED_PRECONDITION' },
  { name: 'protocol as an array', header: PROTOCOL, kind: 'array', value: '1', expect: 'FAILED_PRECONDITION' },
];

// 4.2: no status, or exactly OK read as text, is success; any other readable status is an
// error (code from the body); an unreadable status is UNKNOWN, even with a success body.
const statusCases: { kind: string; value: string; body: 'ok' | 'error'; expect: string }[] = [
  { kind: 'absent', value: '', body: 'ok', expect: 'OK' },
  { kind: 'str', value: 'OK', body: 'ok', expect: 'OK' },
  { kind: 'bytes', value: 'OK', body: 'ok', expect: 'OK' },
  { kind: 'str', value: 'NOT_FOUND', body: 'error', expect: 'NOT_FOUND' },
  { kind: 'bytes', value: 'NOT_FOUND', body: 'error', expect: 'NOT_FOUND' },
  { kind: 'str', value: 'ok', body: 'error', expect: 'NOT_FOUND' },
  { kind: 'int', value: '0', body: 'error', expect: 'NOT_FOUND' },
  // Unreadable, each with a success body: never taken for a success.
  { kind: 'bool', value: 'true', body: 'ok', expect: 'UNKNOWN' },
  { kind: 'decimal', value: '0', body: 'ok', expect: 'UNKNOWN' },
  { kind: 'datetime', value: '0', body: 'ok', expect: 'UNKNOWN' },
  { kind: 'table', value: 'OK', body: 'ok', expect: 'UNKNOWN' },
  { kind: 'array', value: 'OK', body: 'ok', expect: 'UNKNOWN' },
  { kind: 'void', value: '', body: 'ok', expect: 'UNKNOWN' },
];

describe('warren headers in every AMQP field type a Python (pika) peer can send', () => {
  let peer: PythonPeer;
  let conn: Connection;
  const queues: string[] = [];

  before(async () => {
    peer = new PythonPeer();
    conn = await testConnection();
  });

  after(async () => {
    await peer.close();
    await conn.close();
    await deleteQueues(...queues.flatMap((q) => [q, `${q}.dead-letter`]));
  });

  it('a TypeScript server reads x-warren-deadline and x-warren-protocol from a Python caller by the text rule', { timeout: 120_000 }, async () => {
    const queue = uniqueQueue('py-header-types');
    queues.push(queue);
    const server = await serveCalculator(conn, calculatorHandlers, { queue });
    try {
      const cases = [...deadlineCases, ...protocolCases];
      const outcomes = await peer.runLines('header_types.py', ['caller', '--queue', queue, '--cases', JSON.stringify(cases)]);
      assert.equal(outcomes.length, cases.length, 'one outcome per case');
      const wrong = cases
        .map((c, i) => ({ name: c.name, expected: c.expect, got: `${outcomes[i]!.status} ${outcomes[i]!.message}` }))
        .filter((o, i) => outcomes[i]!.status !== o.expected);
      assert.deepEqual(wrong, []);
      // Every answered request got its real result: the header never disturbed the call.
      for (const [i, c] of cases.entries()) if (c.expect === 'OK') assert.equal(outcomes[i]!.message, '2', c.name);
      assert.equal(server.stats.expired, 3, 'the three readable past deadlines were skipped unanswered');
    } finally {
      await server.close({ timeoutMs: 2_000 });
    }
  });

  it('a TypeScript caller reads x-warren-status from a Python server by the text rule', { timeout: 120_000 }, async () => {
    const queue = uniqueQueue('py-status-types');
    queues.push(queue);
    const server = await peer.start('header_types.py', ['server', '--queue', queue]);
    const client = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
    try {
      const wrong: string[] = [];
      for (const c of statusCases) {
        const headers = { 'x-test-status-kind': c.kind, 'x-test-status-value': c.value, 'x-test-body': c.body };
        const got = await client.calculate({ n: 1n }, { headers }).then(
          (reply) => (reply.result === 42n ? 'OK' : `OK with ${reply.result}`),
          (err: unknown) => (err instanceof RpcError ? err.code : String(err)),
        );
        if (got !== c.expect) wrong.push(`status ${c.value} as ${c.kind}: expected ${c.expect}, got ${got}`);
      }
      assert.deepEqual(wrong, []);
    } finally {
      await client.close();
      void server;
    }
  });
});
