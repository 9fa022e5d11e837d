import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { RpcError, type Connection, type Server } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { testConnection, uniqueQueue } from '../support/broker.js';
import { PrivateBroker } from '../support/private-broker.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let broker: PrivateBroker;
let serverConn: Connection;
let clientConn: Connection;
let server: Server;
let calc: CalculatorClient;
const queue = uniqueQueue('blocked');

before(async () => {
  broker = await PrivateBroker.start();
  serverConn = await testConnection({}, broker.url);
  clientConn = await testConnection({}, broker.url);
  server = await serveCalculator(serverConn, calculatorHandlers, { queue });
  calc = new CalculatorClient(clientConn, { queue, timeoutMs: 5_000 });
});

after(async () => {
  await broker?.setMemoryWatermark(0.4).catch(() => undefined);
  await calc?.close();
  await server?.close({ timeoutMs: 500 });
  await clientConn?.close();
  await serverConn?.close();
  await broker?.destroy();
});

it('connection.blocked: calls wait for the broker to unblock, and still settle by their deadline', { timeout: 120_000 }, async () => {
  assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });
  await broker.setMemoryWatermark(0); // a memory alarm: RabbitMQ blocks every publisher

  // The first publish after the alarm is what makes RabbitMQ block (and tell) the connection.
  const first = calc.calculate({ n: 2n }, { timeoutMs: 2_000 }).catch((e: unknown) => e);
  for (let i = 0; i < 200 && !clientConn.isBlocked; i++) await sleep(25);
  assert.equal(clientConn.isBlocked, true, 'the client saw connection.blocked');

  const started = Date.now();
  const short = await calc.calculate({ n: 3n }, { timeoutMs: 800 }).catch((e: unknown) => e);
  assert.ok(RpcError.is(short) && (short.code === 'DEADLINE_EXCEEDED' || short.code === 'UNAVAILABLE'), String(short));
  assert.ok(Date.now() - started < 2_000, 'settled by its deadline while blocked');

  const patient = calc.calculate({ n: 4n }, { timeoutMs: 20_000 });
  await sleep(500);
  await broker.setMemoryWatermark(0.4);
  assert.deepEqual(await patient, { result: 8n }, 'sent once the broker unblocked');
  assert.equal(clientConn.isBlocked, false);
  await first;
  assert.equal(calc.stats.pending, 0);
});
