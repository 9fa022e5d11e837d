// A server of two recursive services in a process of its own, so a test can tell whether a
// deep request or reply killed it: tree.TreeService (JSON, golden ts-recursive) and
// tree.v1.Trees (protobuf, golden proto-recursive).
// Usage: node --import tsx test/codecs/deep-tree-worker.ts <url> <jsonQueue> <protoQueue>
// Prints "ready <pid>" once consuming. An echo of a node labelled "deep-reply" answers a
// 10,000-deep tree instead (a handler whose reply is too deep).
import { connect, RpcError, silentLogger } from '@warren/runtime';
import { serveTrees } from '../../packages/codegen/test/golden/proto-recursive/expected/tree.js';
import { serveTree } from '../../packages/codegen/test/golden/ts-recursive/expected/tree.js';
import { deepNode, deepTree } from './deep-values.js';

const [url = 'amqp://localhost', jsonQueue, protoQueue] = process.argv.slice(2);
const conn = await connect(url, { logger: silentLogger });
const servers = [
  await serveTree(
    conn,
    {
      echo: (request) => (request.label === 'deep-reply' ? deepTree(10_000) : request),
      employee: () => {
        throw new RpcError('UNIMPLEMENTED', 'not in this test');
      },
    },
    { queue: jsonQueue },
  ),
  await serveTrees(conn, { echo: (request) => (request.label === 'deep-reply' ? deepNode(10_000) : request) }, { queue: protoQueue }),
];
process.stdout.write(`ready ${process.pid}\n`);
process.once('SIGTERM', async () => {
  for (const server of servers) await server.close();
  await conn.close();
  process.exit(0);
});
