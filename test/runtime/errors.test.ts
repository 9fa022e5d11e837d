import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RpcError } from '@warren/runtime';
import { Header } from '@warren/runtime/protocol';
import { EvaluateRequest_Operation as Operation } from '../../generated/calculator.js';
import { calculatorFixture, type CalculatorFixture } from '../support/calculator-fixture.js';
import { rawRequest } from '../support/raw-request.js';

describe('errors reach the caller with a code', () => {
  let f: CalculatorFixture;
  before(async () => {
    f = await calculatorFixture({
      handlers: {
        calculate(req) {
          if (req.n === 1n) throw new RpcError('NOT_FOUND', 'no such n', { n: '1' });
          if (req.n === 2n) throw new Error('database password is hunter2');
          if (req.n === 3n) throw new TypeError('cannot read properties of undefined');
          if (req.n === 4n) return { result: 'not a number' as unknown as bigint }; // does not encode
          return { result: req.n * 2n };
        },
      },
      server: { maxRequestBytes: 1024 },
    });
  });
  after(() => f.close());

  it('a handler RpcError keeps its code, message and details', async () => {
    await assert.rejects(f.calc.calculate({ n: 1n }), (err: unknown) => {
      assert.ok(err instanceof RpcError);
      assert.equal(err.code, 'NOT_FOUND');
      assert.equal(err.message, 'no such n');
      assert.deepEqual(err.details, { n: '1' });
      return true;
    });
  });

  it('any other exception is INTERNAL, and its message and stack stay on the server', async () => {
    for (const n of [2n, 3n]) {
      await assert.rejects(f.calc.calculate({ n }), (err: unknown) => {
        assert.ok(RpcError.is(err, 'INTERNAL'));
        assert.equal(err.message, 'internal error');
        assert.equal(err.details, undefined);
        assert.doesNotMatch(JSON.stringify(err), /hunter2|properties|at /);
        return true;
      });
    }
  });

  it('an undecodable body gets INVALID_ARGUMENT naming the problem', async () => {
    const { reply } = await rawRequest(f.queue, { body: Buffer.from([0x08, 0xff]) });
    assert.equal(reply?.status, 'INVALID_ARGUMENT');
    assert.match((reply?.body as { message: string }).message, /request does not decode: n: truncated varint/);
  });

  it('an unknown method gets UNIMPLEMENTED', async () => {
    const { reply } = await rawRequest(f.queue, { body: Buffer.alloc(0), type: 'calculator.v1.Calculator.Sqrt' });
    assert.deepEqual({ status: reply?.status, body: reply?.body }, {
      status: 'UNIMPLEMENTED',
      body: { code: 'UNIMPLEMENTED', message: 'calculator.v1.Calculator has no method "calculator.v1.Calculator.Sqrt"' },
    });
  });

  it('a content type other than the contract\'s gets INVALID_ARGUMENT', async () => {
    const { reply } = await rawRequest(f.queue, { body: '{"n":1}', contentType: 'application/json' });
    assert.equal(reply?.status, 'INVALID_ARGUMENT');
    assert.match((reply?.body as { message: string }).message, /expects content_type application\/x-protobuf, got application\/json/);
  });

  it('an oversized body gets RESOURCE_EXHAUSTED', async () => {
    const { reply } = await rawRequest(f.queue, { body: Buffer.alloc(2048) }); // the fixture's limit is 1024
    assert.equal(reply?.status, 'RESOURCE_EXHAUSTED');
  });

  it('a request without reply_to is acked and dropped, and the server keeps serving', async () => {
    const before = f.server.stats.dropped;
    const outcome = await rawRequest(f.queue, { body: Buffer.alloc(0), replyTo: null, waitMs: 300 });
    assert.deepEqual(outcome, {}, 'no reply');
    assert.equal(f.server.stats.dropped, before + 1);
    assert.deepEqual(await f.calc.calculate({ n: 5n }), { result: 10n });
  });

  it('a request without correlation_id is acked and dropped (no reply), and the server keeps serving', async () => {
    const before = f.server.stats.dropped;
    const outcome = await rawRequest(f.queue, { body: Buffer.alloc(0), correlationId: null, waitMs: 300 });
    assert.deepEqual(outcome, {}, 'no reply: the caller could not match one');
    assert.equal(f.server.stats.dropped, before + 1);
    assert.deepEqual(await f.calc.calculate({ n: 5n }), { result: 10n });
  });

  it("a handler's reply that does not encode gets INTERNAL, and the server keeps serving", async () => {
    await assert.rejects(f.calc.calculate({ n: 4n }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'INTERNAL'), String(err));
      assert.match(err.message, /calculator\.v1\.Calculator\.Calculate produced a reply that does not match its type/);
      return true;
    });
    assert.deepEqual(await f.calc.calculate({ n: 6n }), { result: 12n });
  });

  it('still serves normally after every kind of bad input', async () => {
    const reply = await f.calc.evaluate({ operation: Operation.OPERATION_ADD, operands: [{ value: 1, label: '' }] });
    assert.equal(reply.value, 1);
  });
});

describe('protocol version', () => {
  it('a request of another major protocol version gets FAILED_PRECONDITION; the server keeps serving', async () => {
    const f = await calculatorFixture();
    try {
      const { reply } = await rawRequest(f.queue, { body: Buffer.alloc(0), headers: { [Header.protocol]: '2' } });
      assert.deepEqual({ status: reply?.status, body: reply?.body }, {
        status: 'FAILED_PRECONDITION',
        body: {
          code: 'FAILED_PRECONDITION',
          message: 'protocol version 2 is not supported; this server speaks version 1',
        },
      });
      assert.deepEqual(await f.calc.calculate({ n: 1n }), { result: 2n });
    } finally {
      await f.close();
    }
  });
});

describe('reply size limit (client maxReplyBytes)', () => {
  it('a reply larger than maxReplyBytes fails with RESOURCE_EXHAUSTED; one of exactly the limit is accepted', async () => {
    // CalculateReply is a tag byte and a varint: result 200 takes 3 bytes, 20000 takes 4.
    const f = await calculatorFixture({ client: { maxReplyBytes: 3 } });
    try {
      assert.deepEqual(await f.calc.calculate({ n: 100n }), { result: 200n });
      await assert.rejects(f.calc.calculate({ n: 10_000n }), (err: unknown) => {
        assert.ok(RpcError.is(err, 'RESOURCE_EXHAUSTED'), String(err));
        assert.match(err.message, /reply of 4 bytes exceeds maxReplyBytes 3/);
        return true;
      });
      assert.equal(f.calc.stats.pending, 0);
      assert.deepEqual(await f.calc.calculate({ n: 1n }), { result: 2n }, 'later calls still work');
    } finally {
      await f.close();
    }
  });
});
