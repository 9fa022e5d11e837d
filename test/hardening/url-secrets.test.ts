/**
 * Secrets in broker URLs never reach logs or errors (issue 14.8): the password, and every
 * query value whose name looks like a credential. A comma inside a password does not split
 * the comma-separated URL list.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect, redactUrl, RpcError, type Logger } from '@warren/runtime';
import { sharedRabbitmqctl } from '../support/rabbitmq-cli.js';

describe('broker URL secrets', () => {
  it('redactUrl hides the password and credential-like query values, and keeps the rest', () => {
    const cases: Array<[string, string]> = [
      ['amqps://app:s3cret@mq:5671/prod?token=abc&heartbeat=10', 'amqps://app:***@mq:5671/prod?token=***&heartbeat=10'],
      ['amqp://mq/?password=s3cret&auth_mechanism=EXTERNAL&frameMax=8192', 'amqp://mq/?password=***&auth_mechanism=***&frameMax=8192'],
      ['amqp://u:p@ss/w?rd@mq:5672/', 'amqp://u:***@mq:5672/'], // unescaped @ / ? in a password
      ['amqp://u:12?x=1@mq', 'amqp://u:***@mq'],
      ['amqp://guest@mq', 'amqp://guest@mq'],
      ['amqp://mq?apiKey=k&sig=s&x_secret=z&passphrase=p', 'amqp://mq?apiKey=***&sig=***&x_secret=***&passphrase=***'],
      ['not a url s3cret', '<unparseable url>'],
    ];
    for (const [url, redacted] of cases) assert.equal(redactUrl(url), redacted, url);
  });

  it('errors and logs of a failed connect name the URLs without their secrets', async () => {
    const lines: string[] = [];
    const record = (message: string, fields?: Record<string, unknown>) => void lines.push(`${message} ${JSON.stringify(fields)}`);
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    const urls = ['amqp://u:hunter2@127.0.0.1:1/?password=s3cret', 'amqp://127.0.0.1:2?token=t0ken&heartbeat=5'];
    await assert.rejects(connect(urls, { logger, connectTimeoutMs: 500 }), (err: unknown) => {
      assert.ok(RpcError.is(err, 'UNAVAILABLE'));
      lines.push(err.message);
      return true;
    });
    const all = lines.join('\n');
    for (const secret of ['hunter2', 's3cret', 't0ken']) assert.ok(!all.includes(secret), `${secret} leaked: ${all}`);
    assert.match(all, /127\.0\.0\.1:1\/\?password=\*\*\*/);
  });

  it('a comma inside a password does not split the comma-separated list (real broker)', async () => {
    const ctl = sharedRabbitmqctl;
    const user = `warren-comma-${process.pid}`;
    await ctl('add_user', user, 'pa,ss');
    try {
      await ctl('set_permissions', user, '.*', '.*', '.*');
      const conn = await connect(`amqp://${user}:pa,ss@127.0.0.1:5672, amqp://127.0.0.1:1`, { connectTimeoutMs: 2_000 });
      assert.equal(conn.isOpen, true);
      await conn.close();
    } finally {
      await ctl('delete_user', user);
    }
  });
});
