import assert from 'node:assert/strict';
import { RpcClient, RpcError, type Codec, type MethodDefinition, type ReplyMode } from '@warren/runtime';
import {
  CalculatorClient,
  CalculatorService,
  EvaluateRequest_Operation as Operation,
  serveCalculator,
  type CalculateReply,
  type CalculateRequest,
} from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { until, type CaseContext, type ConformanceCase } from './broker-under-test.js';

/** A calculator server and client on a queue of the case's own, on two connections. */
async function calculator(t: CaseContext, handlers: Partial<typeof calculatorHandlers> = {}, replyMode: ReplyMode = 'direct') {
  const queue = t.queue('calc');
  const server = await serveCalculator(await t.connect(), { ...calculatorHandlers, ...handlers }, { queue });
  t.defer(() => server.close({ timeoutMs: 500 }));
  const clientConn = await t.connect();
  const calc = new CalculatorClient(clientConn, { queue, timeoutMs: 5_000, replyMode });
  t.defer(() => calc.close());
  return { queue, server, calc, clientConn };
}

/** Rejects with an RpcError of `code`, and returns it for more checks. */
async function rejectsWith(call: Promise<unknown>, code: RpcError['code']): Promise<RpcError> {
  try {
    await call;
  } catch (err) {
    assert.ok(RpcError.is(err, code), `expected RpcError ${code}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected RpcError ${code}, but the call succeeded`);
}

const calculate = CalculatorService.methods.calculate;

/** The Calculate method under another name or with a codec that sends bytes of our choosing. */
function variant(overrides: { fullName?: string; body?: Buffer }): MethodDefinition<CalculateRequest, CalculateReply> {
  const requestCodec: Codec<CalculateRequest> = overrides.body
    ? { contentType: calculate.requestCodec.contentType, encode: () => overrides.body!, decode: calculate.requestCodec.decode }
    : calculate.requestCodec;
  return { ...calculate, fullName: overrides.fullName ?? calculate.fullName, requestCodec };
}

export const callCases: ConformanceCase[] = [
  {
    name: 'round-trips typed calls through the real serializers (64-bit ints, nested, repeated)',
    async run(t) {
      const { calc } = await calculator(t);
      assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
      assert.equal((await calc.calculate({ n: 2n ** 61n + 1n })).result, 2n ** 62n + 2n);
      const reply = await calc.evaluate({
        operation: Operation.OPERATION_MULTIPLY,
        operands: [
          { value: 1.5, label: 'a' },
          { value: 4, label: 'b' },
        ],
      });
      assert.deepEqual(reply, { value: 6, steps: ['1.5 * 4 = 6'] });
    },
  },
  ...(['direct', 'queue'] as const).map(
    (mode): ConformanceCase => ({
      name: `routes each of 100 concurrent replies to its call by correlation id (${mode} reply-to)`,
      async run(t) {
        // Replies come back in another order than the calls went out.
        const { calc, queue, clientConn } = await calculator(t, {
          async calculate(req) {
            await new Promise((r) => setTimeout(r, Number(req.n % 7n)));
            return { result: req.n * 2n };
          },
        }, mode);
        const other = new CalculatorClient(clientConn, { queue, replyMode: mode });
        t.defer(() => other.close());
        const ns = Array.from({ length: 100 }, (_, i) => BigInt(i));
        const [mine, theirs] = await Promise.all([
          Promise.all(ns.map((n) => calc.calculate({ n }))),
          Promise.all(ns.map((n) => other.calculate({ n: n + 1000n }))),
        ]);
        assert.deepEqual(mine.map((r) => r.result), ns.map((n) => n * 2n));
        assert.deepEqual(theirs.map((r) => r.result), ns.map((n) => (n + 1000n) * 2n));
        const { pending, lateReplies, duplicateReplies } = calc.stats;
        assert.deepEqual({ pending, lateReplies, duplicateReplies }, { pending: 0, lateReplies: 0, duplicateReplies: 0 });
      },
    }),
  ),
  {
    name: "delivers a handler's RpcError with its code, message and details",
    async run(t) {
      const { calc } = await calculator(t);
      const call = calc.evaluate({ operation: Operation.OPERATION_DIVIDE, operands: [{ value: 1, label: 'one' }, { value: 0, label: 'zero' }] });
      const err = await rejectsWith(call, 'OUT_OF_RANGE');
      assert.equal(err.message, 'division by zero at operand "zero"');
      assert.deepEqual(err.details, { label: 'zero' });
    },
  },
  {
    name: 'turns any other handler failure into INTERNAL without its internals',
    async run(t) {
      const { calc } = await calculator(t, {
        calculate() {
          throw new Error('secret: database password is hunter2');
        },
      });
      const err = await rejectsWith(calc.calculate({ n: 1n }), 'INTERNAL');
      assert.equal(err.message, 'internal error');
    },
  },
  {
    name: 'answers a method the server does not have with UNIMPLEMENTED',
    async run(t) {
      const { queue } = await calculator(t);
      const rpc = new RpcClient(await t.connect(), CalculatorService, { queue, timeoutMs: 5_000 });
      t.defer(() => rpc.close());
      const err = await rejectsWith(rpc.call(variant({ fullName: 'calculator.v1.Calculator.Missing' }), { n: 1n }), 'UNIMPLEMENTED');
      assert.match(err.message, /calculator\.v1\.Calculator\.Missing/);
    },
  },
  {
    name: 'answers an undecodable body with INVALID_ARGUMENT naming the field',
    async run(t) {
      let ran = false;
      const { queue } = await calculator(t, {
        calculate() {
          ran = true;
          return { result: 0n };
        },
      });
      const rpc = new RpcClient(await t.connect(), CalculatorService, { queue, timeoutMs: 5_000 });
      t.defer(() => rpc.close());
      // Field 1 (n, varint) whose varint never ends.
      const err = await rejectsWith(rpc.call(variant({ body: Buffer.from([0x08, 0xff]) }), { n: 1n }), 'INVALID_ARGUMENT');
      assert.match(err.message, /\bn\b/);
      assert.equal(ran, false);
    },
  },
  {
    name: 'fails a call to a queue nobody declared with UNAVAILABLE (no route), not a timeout',
    async run(t) {
      const calc = new CalculatorClient(await t.connect(), { queue: t.queue('nobody'), timeoutMs: 30_000 });
      t.defer(() => calc.close());
      const err = await rejectsWith(calc.calculate({ n: 1n }), 'UNAVAILABLE');
      assert.equal(err.details?.['reason'], 'NO_ROUTE');
      assert.equal(calc.stats.pending, 0);
    },
  },
  {
    name: "cancels a call by its AbortSignal: CANCELLED at once, and the handler's work is not waited for",
    async run(t) {
      let started = 0;
      const { calc } = await calculator(t, {
        async calculate(req, ctx) {
          started++;
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          return { result: req.n };
        },
      });
      const abort = new AbortController();
      const call = calc.calculate({ n: 1n }, { signal: abort.signal, timeoutMs: 2_000 });
      await until(() => started === 1, 'the handler runs');
      abort.abort();
      await rejectsWith(call, 'CANCELLED');
      assert.equal(calc.stats.pending, 0);
      await rejectsWith(calc.calculate({ n: 2n }, { signal: AbortSignal.abort() }), 'CANCELLED');
    },
  },
  {
    name: "fails a call with DEADLINE_EXCEEDED at its deadline, and aborts the handler's signal",
    async run(t) {
      let aborted: unknown;
      const { calc } = await calculator(t, {
        async calculate(req, ctx) {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
          aborted = ctx.signal.reason;
          return { result: req.n };
        },
      });
      await rejectsWith(calc.calculate({ n: 1n }, { timeoutMs: 300 }), 'DEADLINE_EXCEEDED');
      await until(() => aborted !== undefined, "the handler's signal aborts");
      assert.ok(RpcError.is(aborted, 'DEADLINE_EXCEEDED'));
      await until(() => calc.stats.pending === 0, 'no call is pending');
    },
  },
];
