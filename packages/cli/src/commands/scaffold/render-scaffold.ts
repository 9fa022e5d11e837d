import { lowerFirst, serviceNames, type ContractFile, type ServiceDecl } from '@warren/codegen';
import { describeType, localNames } from '../../contracts/describe-type.js';

export interface ScaffoldInput {
  readonly file: ContractFile;
  readonly service: ServiceDecl;
  /** The generated module as the skeleton imports it (`../generated/calculator.js`). */
  readonly generatedModule: string;
  /** The skeleton's own path as the user runs it (`src/calculator-service.ts`). */
  readonly selfPath: string;
}

/**
 * The source of a service skeleton: a handler per method that throws UNIMPLEMENTED, typed by
 * the generated `<Service>Handlers` interface (so a method added to the contract later is a
 * compile error here), and the wiring to connect, serve and drain on SIGTERM.
 */
export function renderScaffold({ file, service, generatedModule, selfPath }: ScaffoldInput): string {
  const name = service.tsName;
  const generated = serviceNames(name);
  const handlers = lowerFirst(generated.handlers);
  const local = localNames(file);
  const out: string[] = [];
  const line = (text = '') => out.push(text);
  const comment = (indent: string, text: string | undefined) => {
    if (!text) return;
    line(`${indent}/**`);
    for (const l of text.split('\n')) line(`${indent} *${l ? ` ${l}` : ''}`);
    line(`${indent} */`);
  };

  line(`// The ${service.fullName} service. Scaffolded by \`warren scaffold ${name}\`: this file is yours to edit`);
  line(`// (warren never overwrites it). The compiler lists any method the contract gains later.`);
  line(`// Run: AMQP_URL=amqp://localhost node --import tsx ${selfPath}`);
  line(`import { pathToFileURL } from 'node:url';`);
  line(`import { connect, RpcError } from '@warren/runtime';`);
  line(`import { ${generated.serve}, type ${generated.handlers} } from '${generatedModule}';`);
  line();
  comment('', `The business logic of ${service.fullName}: one handler per method.\nEach throws UNIMPLEMENTED until you write it.`);
  line(`export const ${handlers}: ${generated.handlers} = {`);
  service.methods.forEach((m, i) => {
    if (i > 0) line();
    const stream = m.kind === 'serverStream';
    const sig = `${m.name}(${describeType(m.request, local)}) returns (${stream ? 'stream ' : ''}${describeType(m.response, local)})`;
    const notes = [
      m.doc,
      sig,
      m.idempotent ? 'Idempotent: may run more than once for one call.' : undefined,
      stream ? 'Streams its replies: `yield` each one; stop when context.signal aborts (cancel, deadline).' : undefined,
    ];
    comment('  ', notes.filter(Boolean).join('\n'));
    // A streaming handler is an async generator (docs/streaming.md).
    line(`  async ${stream ? '*' : ''}${m.tsName}(request, context) {`);
    line(`    throw new RpcError('UNIMPLEMENTED', '${m.fullName} is not implemented yet');`);
    line(`  },`);
  });
  line(`};`);
  line();
  comment('', `Connects, serves ${service.fullName} on its queue, and on SIGTERM or SIGINT stops taking\nrequests, answers the ones in flight, then exits.`);
  line(`export async function main(): Promise<void> {`);
  line(`  const conn = await connect(process.env.AMQP_URL ?? 'amqp://localhost');`);
  line(`  const server = await ${generated.serve}(conn, ${handlers}, { concurrency: 16 });`);
  line(`  process.stdout.write(\`${service.fullName} ready on queue \${server.queue}\\n\`);`);
  line();
  line(`  let stopping = false;`);
  line(`  const shutdown = async (signal: string) => {`);
  line(`    if (stopping) return;`);
  line(`    stopping = true;`);
  line(`    process.stdout.write(\`\${signal}: draining in-flight calls\\n\`);`);
  line(`    await server.close();`);
  line(`    await conn.close();`);
  line(`    process.exit(0);`);
  line(`  };`);
  line(`  process.once('SIGTERM', () => void shutdown('SIGTERM'));`);
  line(`  process.once('SIGINT', () => void shutdown('SIGINT'));`);
  line(`}`);
  line();
  line(`// Serve when run as a program; importing the module (in tests) only gives the handlers.`);
  line(`if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();`);
  return `${out.join('\n')}\n`;
}
