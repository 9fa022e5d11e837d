/**
 * A refused login (issue 19.1) against a private node with users of its own: a wrong
 * password, an unknown user and a certificate whose CN is no user are UNAUTHENTICATED at
 * once, without retries and without the password; a user barred from the vhost is
 * PERMISSION_DENIED. A login refused on reconnect is retried (and logged as an error) until it
 * is put right. And with EXTERNAL the connection's user, stamped on requests as user_id, is
 * the certificate's CN (issue 19.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, RpcError, silentLogger, type CallContext, type ConnectOptions, type Connection, type Logger } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { uniqueQueue } from '../support/broker.js';
import { TlsBroker } from '../support/tls-broker.js';

let broker: TlsBroker;
const opened: Connection[] = [];
const PASSWORD = 'right-pw-5c2e';
const WRONG = 'wrong-pw-8b1d';

before(async () => {
  broker = await TlsBroker.start();
  process.stderr.write(`private broker started in ${broker.startMs} ms\n`);
  await broker.addUser('alice', PASSWORD);
  await broker.addUser('dave', `unused-${Math.random()}`);
  await broker.ctl('add_user', 'nobody-vhost', PASSWORD); // no permissions on /
});

after(async () => {
  for (const conn of opened) await conn.close().catch(() => undefined);
  await broker?.stop();
});

/** The rejection of a connect that must fail, with how long it took. */
async function refused(url: string | string[], options: ConnectOptions = {}): Promise<{ err: RpcError; ms: number }> {
  const started = Date.now();
  const err = await connect(url, { connectTimeoutMs: 5_000, logger: silentLogger, ...options }).then(
    async (conn) => {
      await conn.close();
      assert.fail('connect should have been refused');
    },
    (e: unknown) => e,
  );
  assert.ok(err instanceof RpcError, String(err));
  return { err, ms: Date.now() - started };
}

/** Everything an error could show: message, stack, JSON, cause. */
function allOf(err: RpcError): string {
  return [err.message, err.stack ?? '', JSON.stringify(err), String(err.cause ?? ''), (err.cause as Error | undefined)?.stack ?? ''].join('\n');
}

describe('a refused login', () => {
  it('a wrong password is UNAUTHENTICATED, names the cause and the user, never the password, and is not retried', async () => {
    // Five passes over two URLs with 2 s between passes would take 8 s if retried.
    const url = broker.url('alice', WRONG);
    const { err, ms } = await refused([url, url], { initialPasses: 5, reconnect: { initialDelayMs: 2_000 } });
    assert.equal(err.code, 'UNAUTHENTICATED', err.message);
    assert.match(err.message, /RabbitMQ at amqp:\/\/alice:\*\*\*@127\.0\.0\.1:\d+ refused the login: ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN/);
    assert.match(err.message, /check the user name and password/);
    assert.ok(!allOf(err).includes(WRONG), `the password leaked: ${allOf(err)}`);
    assert.ok(ms < 1_500, `failed fast: ${ms} ms`);
  });

  it('an unknown user is UNAUTHENTICATED', async () => {
    const { err } = await refused(broker.url('mallet', WRONG));
    assert.equal(err.code, 'UNAUTHENTICATED', err.message);
    assert.match(err.message, /ACCESS_REFUSED/);
  });

  it('EXTERNAL with a certificate whose CN is no user is UNAUTHENTICATED naming the certificate', async () => {
    const stranger = await broker.clientCertificate('stranger');
    const { err } = await refused(broker.tlsUrl(), { tls: { ca: broker.ca, ...stranger }, auth: 'external' });
    assert.equal(err.code, 'UNAUTHENTICATED', err.message);
    assert.match(err.message, /refused the login: ACCESS_REFUSED - Login was refused using authentication mechanism EXTERNAL.*check the client certificate/);
  });

  it('a user without access to the vhost is PERMISSION_DENIED', async () => {
    const { err } = await refused(broker.url('nobody-vhost', PASSWORD));
    assert.equal(err.code, 'PERMISSION_DENIED', err.message);
    assert.match(err.message, /amqp:\/\/nobody-vhost:\*\*\*@127\.0\.0\.1:\d+ accepted the login but refused to open the vhost: the user has no permissions on it/);
  });

  it('a broker that does not answer is still UNAVAILABLE (retrying is right there)', async () => {
    const { err } = await refused('amqp://guest:guest@127.0.0.1:1');
    assert.equal(err.code, 'UNAVAILABLE', err.message);
  });

  it('a login refused on reconnect is retried and logged as an error, and recovers once put right', async () => {
    const errors: string[] = [];
    const logger: Logger = { ...silentLogger, error: (m, f) => void errors.push(`${m} ${JSON.stringify(f)}`) };
    await broker.addUser('rotor', PASSWORD);
    const conn = await connect(broker.url('rotor', PASSWORD), { logger, reconnect: { initialDelayMs: 100, maxDelayMs: 300 } });
    opened.push(conn);
    await broker.ctl('change_password', 'rotor', 'rotated-pw');
    await broker.ctl('close_all_connections', 'test: password rotated');
    const until = Date.now() + 15_000;
    while (errors.length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.ok(errors.length >= 2, `refusals logged as errors: ${errors.join('\n')}`);
    assert.match(errors[0]!, /reconnect refused by the broker; retrying.*UNAUTHENTICATED|refused the login/);
    assert.ok(!errors.join('\n').includes(PASSWORD), 'no password in the log');
    await broker.ctl('change_password', 'rotor', PASSWORD);
    await conn.ready(Date.now() + 15_000);
    assert.equal(conn.isOpen, true);
  });
});

describe("EXTERNAL: the caller's user is the certificate's CN", () => {
  it('conn.user is the CN, the server sees it as context.caller, vouched for by the broker', async () => {
    const dave = await broker.clientCertificate('dave');
    const conn = await connect(broker.tlsUrl(), { tls: { ca: broker.ca, ...dave }, auth: 'external', logger: silentLogger });
    opened.push(conn);
    assert.equal(conn.user, 'dave');
    const serverConn = await connect(broker.url('alice', PASSWORD), { logger: silentLogger });
    opened.push(serverConn);
    const seen: CallContext[] = [];
    const queue = uniqueQueue('cn-user');
    const server = await serveCalculator(
      serverConn,
      { ...calculatorHandlers, calculate: (req, ctx) => (seen.push(ctx), { result: req.n * 2n }) },
      { queue, requireCallerIdentity: true },
    );
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
    try {
      assert.deepEqual(await calc.calculate({ n: 3n }), { result: 6n });
      assert.deepEqual(seen[0]?.caller, { user: 'dave', vouched: true });
    } finally {
      await calc.close();
      await server.close({ timeoutMs: 1_000 });
    }
  });

  it('ConnectOptions.user overrides the CN; a tls.cert that is no certificate is a TypeError naming it', async () => {
    const dave = await broker.clientCertificate('dave');
    const conn = await connect(broker.tlsUrl(), { tls: { ca: broker.ca, ...dave }, auth: 'external', user: 'dave-alias', logger: silentLogger });
    opened.push(conn);
    assert.equal(conn.user, 'dave-alias'); // for a broker that maps certificates otherwise
    await assert.rejects(
      connect(broker.tlsUrl(), { tls: { ca: broker.ca, cert: 'not a certificate', key: dave.key }, auth: 'external' }),
      (err: unknown) => err instanceof TypeError && /ConnectOptions\.tls\.cert: expected a PEM or DER client certificate/.test(err.message),
    );
  });
});
