// Tests the calculator's handlers through the generated client, on memory(): no RabbitMQ
// needed, yet requests and replies take the same path (serializers, queue, reply routing,
// error replies) as in production. docs/testing.md walks through it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError, silentLogger, type Server } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import {
  CalculatorClient,
  EvaluateRequest_Operation as Operation,
  serveCalculator,
} from '../../generated/calculator.js';
import { calculatorHandlers } from '../src/calculator-handlers.js';

describe('calculator handlers', () => {
  const conn = memory({ logger: silentLogger }); // one in-memory broker for this file
  let server: Server;
  let calc: CalculatorClient;

  before(async () => {
    server = await serveCalculator(conn, calculatorHandlers);
    calc = new CalculatorClient(conn, { timeoutMs: 2_000 });
  });

  after(async () => {
    await calc.close();
    await server.close();
    await conn.close();
  });

  it('doubles n, 64-bit safe', async () => {
    assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
    assert.deepEqual(await calc.calculate({ n: 2n ** 61n + 1n }), { result: 2n ** 62n + 2n });
  });

  it('evaluates left to right and explains each step', async () => {
    const reply = await calc.evaluate({
      operation: Operation.OPERATION_SUBTRACT,
      operands: [
        { value: 10, label: 'a' },
        { value: 3, label: 'b' },
        { value: 2, label: 'c' },
      ],
    });
    assert.deepEqual(reply, { value: 5, steps: ['10 - 3 = 7', '7 - 2 = 5'] });
  });

  it('rejects division by zero with OUT_OF_RANGE and the operand', async () => {
    const call = calc.evaluate({
      operation: Operation.OPERATION_DIVIDE,
      operands: [
        { value: 1, label: 'one' },
        { value: 0, label: 'zero' },
      ],
    });
    await assert.rejects(call, (err) => {
      assert.ok(RpcError.is(err, 'OUT_OF_RANGE'));
      assert.deepEqual(err.details, { label: 'zero' });
      return true;
    });
  });

  it('rejects a missing operation or operands with INVALID_ARGUMENT', async () => {
    const noOperation = calc.evaluate({ operation: Operation.OPERATION_UNSPECIFIED, operands: [{ value: 1, label: '' }] });
    await assert.rejects(noOperation, (err) => RpcError.is(err, 'INVALID_ARGUMENT'));
    const noOperands = calc.evaluate({ operation: Operation.OPERATION_ADD, operands: [] });
    await assert.rejects(noOperands, (err) => RpcError.is(err, 'INVALID_ARGUMENT') && /operands/.test(err.message));
  });

  it('streams the steps of an evaluation one by one, in order', async () => {
    const steps = [];
    const request = { operation: Operation.OPERATION_ADD, operands: [1, 2, 3, 4].map((value) => ({ value, label: '' })) };
    for await (const step of calc.evaluateSteps(request)) steps.push(step);
    assert.deepEqual(steps, [
      { index: 1, text: '1 + 2 = 3', value: 3 },
      { index: 2, text: '3 + 3 = 6', value: 6 },
      { index: 3, text: '6 + 4 = 10', value: 10 },
    ]);
  });

  it('ends a stream with OUT_OF_RANGE after the steps before the division by zero', async () => {
    const steps: string[] = [];
    const request = { operation: Operation.OPERATION_DIVIDE, operands: [8, 2, 0, 1].map((value) => ({ value, label: String(value) })) };
    await assert.rejects(
      async () => {
        for await (const step of calc.evaluateSteps(request)) steps.push(step.text);
      },
      (err) => RpcError.is(err, 'OUT_OF_RANGE') && /operand "0"/.test(err.message),
    );
    assert.deepEqual(steps, ['8 / 2 = 4']);
  });

  it('keeps serving after the connection drops and comes back', async () => {
    await conn.simulateConnectionLoss();
    assert.deepEqual(await calc.calculate({ n: 5n }), { result: 10n });
  });
});
