import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { nodeCli } from '../support/rabbitmq-cli.js';

// RabbitMQ's scripts give every CLI call on the machine one pool of 11 distribution ports: a
// twelfth call at once failed at once ("Distribution failed ... nodistribution"), and a
// cluster test's start failed so in CI. rabbitmqCli() (under nodeCli) gives each call a port of its own.

const AT_ONCE = 13;

describe('RabbitMQ CLI calls from tests', () => {
  it(`${AT_ONCE} calls at once each start their Erlang distribution (the scripts' shared pool has 11 ports)`, { timeout: 120_000 }, async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'warren-cli-'));
    try {
      // `wait` for a node that never comes holds each call's distribution open for 15 s, so all
      // of them hold a port at the same time; each should end on its own timeout.
      const env = { ...process.env, HOME: home, ERL_EPMD_ADDRESS: '127.0.0.1' };
      const calls = Array.from({ length: AT_ONCE }, (_, i) =>
        nodeCli('rabbitmqctl', `warren-absent-${process.pid}-${i}@localhost`, ['wait', '--timeout', '15', path.join(home, `pid-${i}`)], env),
      );
      const outcomes = await Promise.allSettled(calls);
      const reasons = outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'resolved'));
      assert.deepEqual(
        reasons.filter((r) => !/timed out/.test(r)),
        [],
        'every call reached its node lookup and timed out waiting (none failed to start its distribution)',
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
