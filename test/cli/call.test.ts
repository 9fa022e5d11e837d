import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { redactUrl } from '@warren/runtime';
import { AMQP_URL, deleteQueues, uniqueQueue, withAmqp } from '../support/broker.js';
import { copyCalculator, REPO, runWarren, tempProject, WARREN_BIN } from './support/run-warren.js';
import { startReadyServer, stopServer } from './support/ready-server.js';

/** Documented in docs/cli.md: `warren call` exits with 10 + the gRPC number of the code. */
const EXIT: Record<string, number> = {
  CANCELLED: 11, UNKNOWN: 12, INVALID_ARGUMENT: 13, DEADLINE_EXCEEDED: 14, NOT_FOUND: 15, ALREADY_EXISTS: 16,
  PERMISSION_DENIED: 17, RESOURCE_EXHAUSTED: 18, FAILED_PRECONDITION: 19, ABORTED: 20, OUT_OF_RANGE: 21,
  UNIMPLEMENTED: 22, INTERNAL: 23, UNAVAILABLE: 24, DATA_LOSS: 25, UNAUTHENTICATED: 26,
};

describe('warren call against a live calculator on the broker', () => {
  const queue = uniqueQueue('cli-call');
  let project: { dir: string; remove(): void };
  let server: ChildProcess;
  const call = (args: string[], input?: string) =>
    runWarren(['call', ...args, '--queue', queue], { cwd: project.dir, env: { AMQP_URL }, ...(input ? { input } : {}) });

  before(async () => {
    project = tempProject({});
    copyCalculator(project.dir);
    server = await startReadyServer('calculator server', [path.join(REPO, 'test/cli/fixtures/calculator-server.ts'), queue], { cwd: REPO });
  });

  after(async () => {
    await stopServer(server);
    await deleteQueues(queue, `${queue}.dead-letter`);
    project.remove();
  });

  it('encodes the JSON request, calls, and prints the reply as proto3 JSON (64-bit as strings)', async () => {
    const { code, stdout, stderr } = await call(['Calculator.Calculate', '{"n": "9007199254740993"}']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { result: '18014398509481986' });
  });

  it('takes grpcurl-style names, enums by name, nested and repeated messages', async () => {
    const { code, stdout, stderr } = await call([
      'calculator.v1.Calculator/Evaluate',
      '{"operation": "OPERATION_MULTIPLY", "operands": [{"value": 1.5, "label": "a"}, {"value": "4"}]}',
    ]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { value: 6, steps: ['1.5 * 4 = 6'] });
  });

  it('reads the request from stdin with @-', async () => {
    const { code, stdout } = await call(['Calculator.calculate', '@-'], '{"n": 5}');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { result: '10' });
  });

  it('prints the error code, message and details, and exits with the code\'s status', async () => {
    const { code, stdout, stderr } = await call([
      'Calculator.Evaluate',
      '{"operation": "OPERATION_DIVIDE", "operands": [{"value": 1}, {"value": 0, "label": "zero"}]}',
    ]);
    assert.equal(code, 21);
    assert.equal(stdout, '');
    assert.match(stderr, /calculator\.v1\.Calculator\.Evaluate failed: OUT_OF_RANGE: division by zero at operand "zero"/);
    assert.match(stderr, /details: \{"label":"zero"\}/);
  });

  it('exits with a distinct status for every error code, as documented', async () => {
    const codes = Object.keys(EXIT);
    for (let i = 0; i < codes.length; i += 4) {
      await Promise.all(
        codes.slice(i, i + 4).map(async (name) => {
          const { code, stderr } = await call(['Calculator.Calculate', '{"n": 13}', '--header', `x-test-code=${name}`]);
          assert.match(stderr, new RegExp(`failed: ${name}: thirteen is unlucky`));
          assert.equal(code, EXIT[name], `${name}: ${stderr}`);
        }),
      );
    }
    assert.equal(new Set(Object.values(EXIT)).size, codes.length);
  });

  it('fails at once with UNAVAILABLE (24) when no queue serves the service', async () => {
    const { code, stderr } = await runWarren(['call', 'Calculator.Calculate', '{"n": 1}', '--queue', uniqueQueue('nobody')], {
      cwd: project.dir,
      env: { AMQP_URL },
    });
    assert.equal(code, 24);
    assert.match(stderr, /UNAVAILABLE: no queue .* is the service running\?/);
  });

  it('gives up at --timeout with DEADLINE_EXCEEDED (14) when nobody consumes', async () => {
    const idle = uniqueQueue('idle');
    await withAmqp(async (ch) => void (await ch.assertQueue(idle, { durable: true })));
    try {
      const { code, stderr } = await runWarren(['call', 'Calculator.Calculate', '{"n": 1}', '--queue', idle, '--timeout', '300ms'], {
        cwd: project.dir,
        env: { AMQP_URL },
      });
      assert.equal(code, 14);
      assert.match(stderr, /DEADLINE_EXCEEDED: .* within 300 ms/);
    } finally {
      await deleteQueues(idle);
    }
  });

  it('cancels on Ctrl-C (SIGINT) with CANCELLED (11)', async () => {
    const idle = uniqueQueue('idle');
    await withAmqp(async (ch) => void (await ch.assertQueue(idle, { durable: true })));
    try {
      const child = spawn(process.execPath, [WARREN_BIN, 'call', 'Calculator.Calculate', '{}', '--queue', idle, '--timeout', '60s', '-v'], {
        cwd: project.dir,
        env: { ...process.env, AMQP_URL },
      });
      let stderr = '';
      let interrupted = false;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!interrupted && stderr.includes('calling ')) {
          interrupted = true; // once: a second Ctrl-C after the call settled would kill the process
          child.kill('SIGINT');
        }
      });
      assert.equal(await exited, 11, stderr);
      assert.match(stderr, /CANCELLED/);
    } finally {
      await deleteQueues(idle);
    }
  });

  it('rejects a request that does not fit the message before sending, naming the field (exit 1)', async () => {
    const wrongType = await call(['Calculator.Calculate', '{"n": "twenty"}']);
    assert.equal(wrongType.code, 1);
    assert.match(wrongType.stderr, /does not fit calculator\.v1\.CalculateRequest: n: expected an integer \(int64/);
    assert.match(wrongType.stderr, /got: {6}\{"n": "twenty"\}/);
    assert.match(wrongType.stderr, /expected: \{"n":"0"\}/);

    const unknown = await call(['Calculator.Evaluate', '{"operands": [{"valeu": 1}]}']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /operands\[0\]\.valeu: calculator\.v1\.EvaluateRequest\.Operand has no field "valeu"; expected one of: value, label/);

    const badEnum = await call(['Calculator.Evaluate', '{"operation": "ADD"}']);
    assert.equal(badEnum.code, 1);
    assert.match(badEnum.stderr, /operation: expected one of OPERATION_UNSPECIFIED, OPERATION_ADD/);
  });

  it('echoes malformed JSON with an example (exit 1)', async () => {
    const { code, stderr } = await call(['Calculator.Calculate', '{n: 1}']);
    assert.equal(code, 1);
    assert.match(stderr, /the request from the argument is not valid JSON/);
    assert.match(stderr, /got: {6}\{n: 1\}/);
  });

  it('names the methods there are for an unknown one (exit 1)', async () => {
    const { code, stderr } = await call(['Calculator.Multiply', '{}']);
    assert.equal(code, 1);
    assert.match(stderr, /service calculator\.v1\.Calculator has no method "Multiply" \(from "Calculator\.Multiply"\)\nExpected one of: Calculate, Evaluate/);
  });

  it('never prints the password of a broker URL', async () => {
    const url = 'amqp://guest:hunter2-secret@127.0.0.1:1';
    const { code, stdout, stderr } = await runWarren(['call', 'Calculator.Calculate', '{"n": 1}', '--url', url, '-v', '--timeout', '2s'], {
      cwd: project.dir,
    });
    assert.equal(code, 24);
    assert.doesNotMatch(stdout + stderr, /hunter2/);
    assert.match(stderr, /amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1/);
  });

  it('uses AMQP_URL when --url is absent', async () => {
    const { code, stderr } = await runWarren(['call', 'Calculator.Calculate', '{"n": 1}', '--queue', queue, '-v'], {
      cwd: project.dir,
      env: { AMQP_URL },
    });
    assert.equal(code, 0, stderr);
    assert.ok(stderr.includes(`on queue ${queue} at ${redactUrl(AMQP_URL)}`), stderr);
    const password = new URL(AMQP_URL).password;
    if (password) assert.ok(!stderr.includes(`:${password}@`), 'password printed');
  });

  it('rejects reserved and malformed headers (exit 1)', async () => {
    const reserved = await call(['Calculator.Calculate', '{}', '--header', 'x-warren-deadline=1']);
    assert.equal(reserved.code, 1);
    assert.match(reserved.stderr, /--header "x-warren-deadline" is reserved/);
    const malformed = await call(['Calculator.Calculate', '{}', '--header', 'novalue']);
    assert.equal(malformed.code, 1);
    assert.match(malformed.stderr, /--header expects key=value, got "novalue"/);
  });
});
