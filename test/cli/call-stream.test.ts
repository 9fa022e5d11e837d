import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AMQP_URL, deleteQueues, uniqueQueue } from '../support/broker.js';
import { copyCalculator, REPO, runWarren, tempProject } from './support/run-warren.js';
import { startReadyServer, stopServer } from './support/ready-server.js';

// `warren call` on a server-streaming method prints each item as one JSON line (JSON Lines),
// and a stream that fails after some items prints those, then the error, with the code's exit status.
describe('warren call on a server-streaming method (calculator EvaluateSteps, on the broker)', () => {
  const queue = uniqueQueue('cli-call-stream');
  let project: { dir: string; remove(): void };
  let server: ChildProcess;
  const call = (args: string[]) => runWarren(['call', ...args, '--queue', queue], { cwd: project.dir, env: { AMQP_URL } });

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

  it('prints every item on its own line, in order, and exits 0', async () => {
    const { code, stdout, stderr } = await call([
      'Calculator.EvaluateSteps',
      '{"operation": "OPERATION_ADD", "operands": [{"value": 1}, {"value": 2}, {"value": 3}]}',
    ]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown), [
      { index: 1, text: '1 + 2 = 3', value: 3 },
      { index: 2, text: '3 + 3 = 6', value: 6 },
    ]);
  });

  it('prints the items before a failure, then the error, and exits with its code (OUT_OF_RANGE: 21)', async () => {
    const { code, stdout, stderr } = await call([
      'calculator.v1.Calculator/EvaluateSteps',
      '{"operation": "OPERATION_DIVIDE", "operands": [{"value": 8}, {"value": 2}, {"value": 0, "label": "zero"}]}',
    ]);
    assert.equal(code, 21, stderr);
    assert.deepEqual(stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown), [{ index: 1, text: '8 / 2 = 4', value: 4 }]);
    assert.match(stderr, /EvaluateSteps failed: OUT_OF_RANGE: division by zero at operand "zero"/);
  });

  it('warren list shows the method as returning a stream', async () => {
    const { code, stdout } = await runWarren(['list'], { cwd: project.dir });
    assert.equal(code, 0);
    assert.match(stdout, /EvaluateSteps\(EvaluateRequest\) returns \(stream EvaluateStep\)/);
    assert.match(stdout, /Evaluate\(EvaluateRequest\) returns \(EvaluateReply\)/);
  });
});
