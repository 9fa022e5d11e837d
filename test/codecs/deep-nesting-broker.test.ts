import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { RpcError, type Connection } from '@warren/runtime';
import { ContentType } from '@warren/runtime/protocol';
import { Node, TreesClient, TreesService } from '../../packages/codegen/test/golden/proto-recursive/expected/tree.js';
import { TreeClient, TreeService } from '../../packages/codegen/test/golden/ts-recursive/expected/tree.js';
import { AMQP_URL, deleteQueues, testConnection, uniqueQueue } from '../support/broker.js';
import { rawRequest } from '../support/raw-request.js';
import { deepProto, deepTreeJson, shortPath } from './deep-values.js';

// Issue 14, item 3, on the real broker: a remote caller publishes 10,000-deep bodies straight
// onto a service queue (no warren client, so nothing checked them on the way), and a handler
// returns a 10,000-deep reply. The server runs in a child process: it must answer
// INVALID_ARGUMENT (the request) or INTERNAL (the reply) naming where the nesting stopped,
// and go on serving; before the limit, V8 overflowed the stack and, after one earlier
// validation failure, aborted the whole process.

const TOO_DEEP = 'nested deeper than the limit of 100 levels (maxDepth)';
// How a raw caller addresses each server's echo method (a 10,000-deep body may take a while).
const asJson = { type: TreeService.methods.echo.fullName, contentType: ContentType.json, waitMs: 10_000 };
const asProto = { type: TreesService.methods.echo.fullName, contentType: ContentType.protobuf, waitMs: 10_000 };
const utf8 = new TextEncoder();

describe('deep nesting on the real broker: the server answers and survives', () => {
  const jsonQueue = uniqueQueue('deep-json');
  const protoQueue = uniqueQueue('deep-proto');
  let worker: ChildProcess;
  let exited: Promise<unknown>;
  let conn: Connection;
  let tree: TreeClient;
  let trees: TreesClient;

  before(async () => {
    const script = fileURLToPath(new URL('./deep-tree-worker.ts', import.meta.url));
    worker = spawn(process.execPath, ['--import', 'tsx', script, AMQP_URL, jsonQueue, protoQueue], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exited = once(worker, 'exit');
    let out = '';
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready')) resolve();
      });
      void exited.then(() => reject(new Error('the worker exited before it was ready')));
    });
    conn = await testConnection();
    tree = new TreeClient(conn, { queue: jsonQueue, timeoutMs: 10_000 });
    trees = new TreesClient(conn, { queue: protoQueue, timeoutMs: 10_000 });
  });

  after(async () => {
    await tree.close();
    await trees.close();
    await conn.close();
    worker.kill('SIGTERM');
    await exited;
    await deleteQueues(jsonQueue, `${jsonQueue}.dead-letter`, protoQueue, `${protoQueue}.dead-letter`);
  });

  async function assertAlive(): Promise<void> {
    assert.equal(worker.exitCode, null, 'the server process is still running');
    assert.equal(worker.signalCode, null, 'the server process is still running');
    assert.deepEqual(await tree.echo({ label: 'ok', children: [] }), { label: 'ok', children: [] });
    assert.deepEqual(await trees.echo({ label: 'ok', children: [] }), { label: 'ok', children: [] });
  }

  it('JSON: a 10,000-deep request is INVALID_ARGUMENT naming the path, every time', async () => {
    // A validation failure first: it used to leave V8 in a state where the overflow aborted.
    const { reply: bad } = await rawRequest(jsonQueue, { ...asJson, body: utf8.encode('{"label":5,"children":[]}') });
    assert.equal(bad?.statusText, 'INVALID_ARGUMENT');
    for (let i = 0; i < 3; i++) {
      const { reply } = await rawRequest(jsonQueue, { ...asJson, body: utf8.encode(deepTreeJson(10_000)) });
      assert.equal(reply?.statusText, 'INVALID_ARGUMENT');
      const path = shortPath('parent', 100).replace(/parent$/, 'children');
      assert.equal(reply?.message, `tree.TreeService.echo request does not decode: ${path}: ${TOO_DEEP}`);
    }
    await assertAlive();
  });

  it('protobuf: a 10,000-deep request is INVALID_ARGUMENT naming the path, every time', async () => {
    const { reply: bad } = await rawRequest(protoQueue, { ...asProto, body: new Uint8Array([0x0a, 0x05]) });
    assert.equal(bad?.statusText, 'INVALID_ARGUMENT');
    for (let i = 0; i < 3; i++) {
      const { reply } = await rawRequest(protoQueue, { ...asProto, body: deepProto(10_000) });
      assert.equal(reply?.statusText, 'INVALID_ARGUMENT');
      assert.equal(reply?.message, `tree.v1.Trees.Echo request does not decode: ${shortPath('parent', 100)}: ${TOO_DEEP}`);
    }
    await assertAlive();
  });

  it('a handler whose reply is 10,000 deep: the caller gets INTERNAL, the server goes on', async () => {
    for (const call of [() => tree.echo({ label: 'deep-reply', children: [] }), () => trees.echo({ label: 'deep-reply', children: [] })]) {
      await assert.rejects(call(), (err: unknown) => {
        assert.ok(RpcError.is(err, 'INTERNAL'), String(err));
        return true;
      });
    }
    await assertAlive();
  });

  it('the caller refuses to send a 10,000-deep request (INVALID_ARGUMENT, nothing published)', async () => {
    let node: Node = { label: 'x', children: [] };
    for (let i = 0; i < 10_000; i++) node = { label: 'x', children: [], parent: node };
    await assert.rejects(trees.echo(node), (err: unknown) => {
      assert.ok(RpcError.is(err, 'INVALID_ARGUMENT'), String(err));
      assert.match(err.message, /parent\.parent\.…\(97 more\)\.parent: nested deeper than the limit of 100 levels/);
      return true;
    });
    await assertAlive();
  });
});
