import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AMQP_URL, deleteQueues } from '../support/broker.js';
import { runWarren, tempProject } from './support/run-warren.js';
import { SHOP_PROTO } from './support/sample-contracts.js';

describe('a scaffolded service, run as it is', () => {
  // A package of its own gives the service a queue no other run shares.
  const pkg = `clitest${randomBytes(4).toString('hex')}.v1`;
  const queue = `${pkg}.Shop`;
  let project: { dir: string; remove(): void };

  before(async () => {
    project = tempProject({ 'shop.proto': SHOP_PROTO.replace('package shop.v1;', `package ${pkg};`) });
    assert.equal((await runWarren(['codegen'], { cwd: project.dir })).code, 0);
    assert.equal((await runWarren(['scaffold', 'Shop'], { cwd: project.dir })).code, 0);
  });
  after(async () => {
    await deleteQueues(queue, `${queue}.dead-letter`);
    project.remove();
  });

  it('serves its queue, answers UNIMPLEMENTED (exit 22), and drains and exits 0 on SIGTERM', async () => {
    const service = spawn(process.execPath, ['--import', 'tsx', path.join('src', 'shop-service.ts')], {
      cwd: project.dir,
      env: { ...process.env, AMQP_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    service.stdout.on('data', (d: Buffer) => (output += d.toString()));
    service.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the scaffold did not start:\n${output}`)), 30_000);
        service.stdout.on('data', () => output.includes('ready on queue') && (clearTimeout(timer), resolve()));
        void exited.then((code) => reject(new Error(`the scaffold exited with ${code}:\n${output}`)));
      });
      assert.match(output, new RegExp(`${pkg.replace('.', '\\.')}\\.Shop ready on queue ${queue.replace(/\./g, '\\.')}`));

      const { code, stderr } = await runWarren(['call', 'Shop.PlaceOrder', '{"customerId": "c1", "quantity": "2"}'], {
        cwd: project.dir,
        env: { AMQP_URL },
      });
      assert.equal(code, 22, stderr);
      assert.match(stderr, new RegExp(`UNIMPLEMENTED: ${pkg.replace('.', '\\.')}\\.Shop\\.PlaceOrder is not implemented yet`));

      service.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.match(output, /SIGTERM: draining in-flight calls/);
    } finally {
      service.kill('SIGKILL');
    }
  });
});
