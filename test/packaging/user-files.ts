/**
 * What a user writes in their own project: two small contracts (a .proto and a TypeScript
 * interface), the handler bodies that replace the scaffold's UNIMPLEMENTED lines, a caller
 * program, and a tsconfig with the settings a fresh project has (no `types`, so TypeScript 6+
 * includes no @types package unless something references it; lib without DOM; libraries
 * checked, not skipped).
 */

/** `contracts/greeter.proto`, in proto package `<pkg>.v1` so its queue is this run's own. */
export function greeterProto(pkg: string): string {
  return `syntax = "proto3";
package ${pkg}.v1;

service Greeter {
  // Greets someone, a 64-bit number of times.
  rpc Greet(GreetRequest) returns (GreetReply);
}
message GreetRequest { string name = 1; int64 times = 2; }
message GreetReply { string text = 1; }
`;
}

/** `contracts/counter.ts`: the same kind of service written as a TypeScript interface. */
export function counterContract(pkg: string): string {
  return `/** @package ${pkg}.v1 */
export interface Counter {
  /** Adds by and the number of tags. @idempotent */
  add(request: { by: number; tags: string[] }): Promise<{ total: number }>;
}
`;
}

/** The line `warren scaffold` writes in each handler, and what the user writes instead. */
export const HANDLER_BODIES = {
  greeter: {
    scaffolded: (pkg: string) => `throw new RpcError('UNIMPLEMENTED', '${pkg}.v1.Greeter.Greet is not implemented yet');`,
    written: 'return { text: `Hello, ${request.name} x${request.times} from ${process.pid}` };',
  },
  counter: {
    scaffolded: (pkg: string) => `throw new RpcError('UNIMPLEMENTED', '${pkg}.v1.Counter.add is not implemented yet');`,
    written:
      "if (request.by < 0) throw new RpcError('INVALID_ARGUMENT', 'by: must not be negative');\n" +
      '    return { total: request.by + request.tags.length };',
  },
};

/**
 * `src/call.ts`: `node dist/src/call.js rabbitmq|memory`. Over RabbitMQ the greeter is served
 * by the scaffolded program in another process; over memory() everything runs here. Prints
 * one JSON line. An RpcError from the handler must arrive as the caller's RpcError class,
 * which fails when the installed packages carry two copies of the runtime.
 */
export const CALLER = `import { connect, RpcError, silentLogger, type Connection, type Server } from '@warren/runtime';
import { memory } from '@warren/runtime/memory';
import { CounterClient, serveCounter } from '../generated/counter.js';
import { GreeterClient, serveGreeter } from '../generated/greeter.js';
import { counterHandlers } from './counter-service.js';
import { greeterHandlers } from './greeter-service.js';

const where = process.argv[2];
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const conn: Connection = where === 'memory' ? memory({ logger: silentLogger }) : await connect(url, { logger: silentLogger });
const servers: Server[] = [await serveCounter(conn, counterHandlers)];
if (where === 'memory') servers.push(await serveGreeter(conn, greeterHandlers));

const greeter = new GreeterClient(conn, { timeoutMs: 10_000 });
const counter = new CounterClient(conn, { timeoutMs: 10_000 });
const greeting = await greeter.greet({ name: 'Ada', times: 9007199254740993n });
const sum = await counter.add({ by: 2, tags: ['a', 'b'] });
let refused = '';
try {
  await counter.add({ by: -1, tags: [] });
} catch (err) {
  refused = err instanceof RpcError ? \`\${err.code}: \${err.message}\` : \`not an RpcError: \${String(err)}\`;
}
process.stdout.write(JSON.stringify({ pid: process.pid, greeting: greeting.text, total: sum.total, refused }) + '\\n');

await greeter.close();
await counter.close();
for (const server of servers) await server.close();
await conn.close();
`;

/** `tsconfig.json` of the user's project: strict, checking every declaration file. */
export const USER_TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": false,
    "rootDir": ".",
    "outDir": "dist"
  },
  "include": ["src", "generated"]
}
`;
