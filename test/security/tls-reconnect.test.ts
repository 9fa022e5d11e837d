/**
 * Reconnecting over TLS (issue 19.1): a client (a URL list whose first amqps:// URL is dead)
 * and a server (EXTERNAL login with a client certificate) on a private TLS node; the node is
 * killed and started again, both reconnect over TLS, and calls succeed again.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { connect, silentLogger, type CallContext, type Connection } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { uniqueQueue } from '../support/broker.js';
import { TlsBroker } from '../support/tls-broker.js';

let broker: TlsBroker;
const opened: Connection[] = [];

before(async () => {
  broker = await TlsBroker.start();
  process.stderr.write(`tls broker started in ${broker.startMs} ms\n`);
  await broker.addUser('svc', `unused-${Math.random()}`);
});

after(async () => {
  for (const conn of opened) await conn.close().catch(() => undefined);
  await broker?.stop();
});

/** `rabbitmqctl list_connections user ssl` as distinct "user ssl" lines, sorted (a server may add a reply connection). */
async function connections(): Promise<string[]> {
  const out = await broker.ctl('list_connections', 'user', 'ssl', '--no-table-headers');
  return [...new Set(out.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/).join(' ')))].sort();
}

it('a client and a server on amqps:// reconnect over TLS after the node is killed and restarted', async () => {
  const reconnect = { initialDelayMs: 100, maxDelayMs: 1_000 };
  const svc = await broker.clientCertificate('svc');
  const serverConn = await connect(broker.tlsUrl(), { tls: { ca: broker.ca, ...svc }, auth: 'external', reconnect, logger: silentLogger });
  opened.push(serverConn);
  // The first URL of the list answers nothing: every (re)connect goes past it to the node.
  const clientConn = await connect(['amqps://guest:guest@localhost:1', broker.tlsUrl('guest', 'guest')], { tls: { ca: broker.ca }, reconnect, logger: silentLogger });
  opened.push(clientConn);

  const queue = uniqueQueue('tls-reconnect');
  const seen: CallContext[] = [];
  const server = await serveCalculator(serverConn, { ...calculatorHandlers, calculate: (req, ctx) => (seen.push(ctx), { result: req.n * 2n }) }, { queue });
  const calc = new CalculatorClient(clientConn, { queue, timeoutMs: 30_000 });
  try {
    assert.deepEqual(await calc.calculate({ n: 1n }), { result: 2n });
    assert.deepEqual(await connections(), ['guest true', 'svc true']);

    const down = Promise.all([serverConn, clientConn].map((c) => new Promise<void>((resolve) => c.watch({ down: () => resolve() }))));
    const started = Date.now();
    await broker.restart();
    await down;
    await Promise.all([serverConn.ready(Date.now() + 30_000), clientConn.ready(Date.now() + 30_000)]);
    process.stderr.write(`node restarted and both reconnected in ${Date.now() - started} ms\n`);

    assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
    assert.deepEqual(await connections(), ['guest true', 'svc true'], 'both came back over TLS, the server by its certificate');
    assert.deepEqual(seen.at(-1)?.caller, { user: 'guest', vouched: true });
  } finally {
    await calc.close();
    await server.close({ timeoutMs: 1_000 });
  }
});
