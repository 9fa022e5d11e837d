/**
 * TLS and client-certificate login (issue 19.1) against a private RabbitMQ node with a TLS
 * listener, a CA and certificates made by the test (test/support/tls-broker.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, RpcError, type ConnectOptions, type Connection, type Logger } from '@warren/runtime';
import { CalculatorClient, serveCalculator } from '../../generated/calculator.js';
import { calculatorHandlers } from '../../examples/src/calculator-handlers.js';
import { uniqueQueue } from '../support/broker.js';
import { TlsBroker, type ClientCertificate } from '../support/tls-broker.js';

let broker: TlsBroker;
const opened: Connection[] = [];

/** A logger that keeps every line, fields included, so a test can search them for secrets. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { logger: { debug: record, info: record, warn: record, error: record }, lines };
}

async function open(url: string, options: ConnectOptions): Promise<Connection> {
  const conn = await connect(url, { connectTimeoutMs: 5_000, ...options });
  opened.push(conn);
  return conn;
}

/** The rejection of a connect that must fail, checked to be UNAVAILABLE. */
async function failedConnect(url: string, options: ConnectOptions): Promise<RpcError> {
  const err = await connect(url, { connectTimeoutMs: 5_000, ...options }).then(
    async (conn) => {
      await conn.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  assert.ok(RpcError.is(err, 'UNAVAILABLE'), `expected UNAVAILABLE, got ${String(err)}`);
  return err;
}

/** The secret-looking parts of a key: every base64 line of its PEM body. */
function keyLines(pem: string): string[] {
  return pem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'));
}

before(async () => {
  broker = await TlsBroker.start();
  process.stderr.write(`tls broker started in ${broker.startMs} ms\n`);
});

after(async () => {
  for (const conn of opened) await conn.close().catch(() => undefined);
  await broker?.stop();
});

describe('TLS to the broker', () => {
  it('connects over amqps:// with the CA, and a call goes through', async () => {
    const conn = await open(broker.tlsUrl('guest', 'guest'), { tls: { ca: broker.ca } });
    const queue = uniqueQueue('tls');
    const server = await serveCalculator(conn, calculatorHandlers, { queue });
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
    try {
      assert.deepEqual(await calc.calculate({ n: 21n }), { result: 42n });
    } finally {
      await calc.close();
      await server.close({ timeoutMs: 1_000 });
    }
  });

  it('without the CA fails UNAVAILABLE naming the certificate problem', async () => {
    const err = await failedConnect(broker.tlsUrl('guest', 'guest'), {});
    assert.match(err.message, /SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|self.signed/i);
  });

  it('with a servername the certificate does not name fails UNAVAILABLE naming the mismatch', async () => {
    const err = await failedConnect(broker.tlsUrl('guest', 'guest', '127.0.0.1'), { tls: { ca: broker.ca, servername: 'wrong.example' } });
    assert.match(err.message, /ERR_TLS_CERT_ALTNAME_INVALID|altname|does not match/i);
  });

  it('applies tls to every amqps:// URL of a list: a dead first URL, then the node', async () => {
    const conn = await open(`amqps://guest:guest@localhost:1,${broker.tlsUrl('guest', 'guest')}`, { tls: { ca: broker.ca } });
    assert.equal(conn.isOpen, true);
  });

  it('rejectUnauthorized: false connects without the CA (the escape hatch exists and works)', async () => {
    const conn = await open(broker.tlsUrl('guest', 'guest'), { tls: { rejectUnauthorized: false } });
    assert.equal(conn.isOpen, true);
  });
});

describe('client certificates', () => {
  let carol: ClientCertificate;
  before(async () => {
    await broker.addUser('carol', `unused-${Math.random()}`);
    carol = await broker.clientCertificate('carol', 'pass-phrase-7d1e');
    assert.match(carol.key, /ENCRYPTED PRIVATE KEY/);
    assert.ok(keyLines(carol.key).length >= 2, 'the leak checks need key lines to look for');
  });

  it("EXTERNAL logs in as the certificate's CN, and a call goes through", async () => {
    const conn = await open(broker.tlsUrl(), { tls: { ca: broker.ca, ...carol }, auth: 'external', user: 'carol' });
    const listed = await broker.ctl('list_connections', 'user', 'auth_mechanism', 'ssl', '--no-table-headers');
    assert.match(listed, /carol\s+EXTERNAL\s+true/);
    const queue = uniqueQueue('tls-ext');
    const server = await serveCalculator(conn, calculatorHandlers, { queue });
    const calc = new CalculatorClient(conn, { queue, timeoutMs: 5_000 });
    try {
      assert.deepEqual(await calc.calculate({ n: 2n }), { result: 4n });
    } finally {
      await calc.close();
      await server.close({ timeoutMs: 1_000 });
    }
  });

  it('EXTERNAL with a certificate whose CN is no user of the node fails UNAUTHENTICATED', async () => {
    const nobody = await broker.clientCertificate('nobody-here');
    const err = await connect(broker.tlsUrl(), { connectTimeoutMs: 5_000, tls: { ca: broker.ca, ...nobody }, auth: 'external' }).then(
      async (conn) => {
        await conn.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(RpcError.is(err, 'UNAUTHENTICATED'), String(err));
    assert.match(err.message, /ACCESS_REFUSED - Login was refused using authentication mechanism EXTERNAL/);
  });

  it('no key bytes or passphrase in the error or the log of a wrong passphrase', async () => {
    const { logger, lines } = recordingLogger();
    const err = await connect(broker.tlsUrl(), {
      connectTimeoutMs: 5_000,
      logger,
      tls: { ca: broker.ca, cert: carol.cert, key: carol.key, passphrase: 'wrong-phrase-91c3' },
      auth: 'external',
    }).then(
      async (conn) => {
        await conn.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(RpcError.is(err, 'UNAVAILABLE'), `a wrong passphrase must fail UNAVAILABLE: ${String(err)}`);
    assert.match(err.message, /BAD_DECRYPT/);
    const all = [...lines, err.message, err.stack ?? '', JSON.stringify(err), String((err as { cause?: unknown }).cause ?? '')].join('\n');
    for (const secret of ['wrong-phrase-91c3', 'pass-phrase-7d1e', ...keyLines(carol.key)]) {
      assert.ok(!all.includes(secret), `secret leaked: ${secret.slice(0, 12)}… in ${all}`);
    }
  });

  it('no key bytes or passphrase in the log of a working connection and its close', async () => {
    const { logger, lines } = recordingLogger();
    const conn = await connect(broker.tlsUrl(), { connectTimeoutMs: 5_000, logger, tls: { ca: broker.ca, ...carol }, auth: 'external' });
    await conn.close();
    const all = lines.join('\n');
    for (const secret of ['pass-phrase-7d1e', ...keyLines(carol.key)]) {
      assert.ok(!all.includes(secret), `secret leaked: ${secret.slice(0, 12)}… in ${all}`);
    }
  });
});
