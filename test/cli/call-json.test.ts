import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AMQP_URL, deleteQueues, uniqueQueue } from '../support/broker.js';
import { runWarren, tempProject } from './support/run-warren.js';
import { startReadyServer, stopServer } from './support/ready-server.js';

const GREETER_TS = `export interface GreetRequest {
  name: string;
  times?: number;
}
export interface GreetReply {
  greeting: string;
  at: Date;
}
/**
 * Greets.
 * @package greet.v1
 */
export interface GreeterService {
  /** @idempotent */
  greet(request: GreetRequest): Promise<GreetReply>;
}
`;

const SERVER = `import { connect, silentLogger, RpcError } from '@warren/runtime';
import { serveGreeter } from './generated/greeter.js';
const conn = await connect(process.env.AMQP_URL!, { logger: silentLogger });
const server = await serveGreeter(conn, {
  greet(req) {
    if (req.name === '') throw new RpcError('INVALID_ARGUMENT', 'name: expected a non-empty string');
    return { greeting: 'hello ' + req.name, at: new Date(0) };
  },
}, { queue: process.argv[2] });
process.stdout.write('ready\\n');
process.once('SIGTERM', () => void server.close().then(() => conn.close()).then(() => process.exit(0)));
`;

describe('warren call on a TypeScript-interface (JSON) contract', () => {
  const queue = uniqueQueue('cli-json');
  let project: { dir: string; remove(): void };
  let server: ChildProcess;

  before(async () => {
    project = tempProject({ 'greeter.ts': GREETER_TS });
    assert.equal((await runWarren(['codegen'], { cwd: project.dir })).code, 0);
    writeFileSync(path.join(project.dir, 'server.ts'), SERVER);
    server = await startReadyServer('greeter server', ['server.ts', queue], { cwd: project.dir, env: { ...process.env, AMQP_URL } });
  });

  after(async () => {
    await stopServer(server);
    await deleteQueues(queue, `${queue}.dead-letter`);
    project.remove();
  });

  const call = (args: string[]) => runWarren(['call', ...args, '--queue', queue], { cwd: project.dir, env: { AMQP_URL } });

  it('sends the JSON as the body and prints the JSON reply', async () => {
    const { code, stdout, stderr } = await call(['Greeter.greet', '{"name": "ann"}']);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout), { greeting: 'hello ann', at: '1970-01-01T00:00:00.000Z' });
  });

  it('lists the service with its JSON encoding', async () => {
    const { stdout } = await runWarren(['list'], { cwd: project.dir });
    assert.match(stdout, /greet\.v1\.GreeterService .*\n {2}queue: greet\.v1\.GreeterService {3}encoding: json/);
  });

  it('exits 13 with the server\'s message when the server rejects the request', async () => {
    const invalid = await call(['greet.v1.GreeterService/greet', '{"nam": "x"}']);
    assert.equal(invalid.code, 13);
    assert.match(invalid.stderr, /INVALID_ARGUMENT: .*name/);
    const refused = await call(['Greeter.greet', '{"name": ""}']);
    assert.equal(refused.code, 13);
    assert.match(refused.stderr, /INVALID_ARGUMENT: name: expected a non-empty string/);
  });
});
