import type { MethodDecl, ServiceDecl } from '../ir/contract.js';
import { serviceNames } from '../ir/names.js';
import type { EmitContext } from './emit-context.js';
import type { Printer } from './printer.js';
import { article, docWithNotes } from './doc-text.js';
import { tsType } from './ts-type.js';

/**
 * Emits a service's runtime descriptor, its typed client class, its handler interface and its
 * `serveX` function. The codec of each request and response comes from `codecOf`.
 */
export function emitService(
  service: ServiceDecl,
  ctx: EmitContext,
  out: Printer,
  codecOf: (method: MethodDecl, which: 'request' | 'response') => string,
): void {
  const names = serviceNames(service.tsName);
  const def = names.descriptor;
  const methodDef = ctx.rtType('MethodDefinition');
  const serviceDef = ctx.rtType('ServiceDefinition');

  out.doc(
    `Runtime descriptor of ${service.fullName}: queue, method names and codecs.`,
    `Requests go to the durable queue \`${service.queue}\`.`,
  );
  out.block(`export const ${def} = {`, () => {
    out.line(`fullName: '${service.fullName}',`);
    out.line(`queue: '${service.queue}',`);
    out.block('methods: {', () => {
      for (const m of service.methods) {
        const req = tsType(m.request, ctx);
        const res = tsType(m.response, ctx);
        out.block(`${m.tsName}: {`, () => {
          out.line(`name: '${m.tsName}',`);
          out.line(`fullName: '${m.fullName}',`);
          out.line(`requestCodec: ${codecOf(m, 'request')},`);
          out.line(`responseCodec: ${codecOf(m, 'response')},`);
          if (m.kind === 'serverStream') out.line(`kind: 'serverStream',`);
          if (m.timeoutMs !== undefined) out.line(`timeoutMs: ${m.timeoutMs},`);
          out.line(`idempotent: ${m.idempotent},`);
        }, `} satisfies ${methodDef}<${req}, ${res}>,`);
      }
    }, '},');
  }, `} as const satisfies ${serviceDef};`);
  out.line();

  const conn = ctx.rtType('Connection');
  const rpcClient = ctx.rt('RpcClient');
  const clientOptions = ctx.rtType('ClientOptions');
  const clientStats = ctx.rtType('ClientStats');
  out.doc(service.doc, `Typed client for ${service.fullName}. Every method rejects with an \`RpcError\` only.`);
  out.block(`export class ${names.client} {`, () => {
    out.line(`readonly #rpc: ${rpcClient};`);
    out.line();
    out.block(`constructor(connection: ${conn}, options?: ${clientOptions}) {`, () => {
      out.line(`this.#rpc = new ${rpcClient}(connection, ${def}, options);`);
    });
    for (const m of service.methods) {
      out.line();
      out.doc(docWithNotes(m.doc, methodNotes(m)));
      if (m.kind === 'serverStream') {
        out.block(
          `${m.tsName}(request: ${tsType(m.request, ctx)}, options?: ${ctx.rtType('StreamOptions')}): AsyncIterable<${tsType(m.response, ctx)}> {`,
          () => out.line(`return this.#rpc.stream(${def}.methods.${m.tsName}, request, options);`),
        );
      } else {
        out.block(
          `${m.tsName}(request: ${tsType(m.request, ctx)}, options?: ${ctx.rtType('CallOptions')}): Promise<${tsType(m.response, ctx)}> {`,
          () => out.line(`return this.#rpc.call(${def}.methods.${m.tsName}, request, options);`),
        );
      }
    }
    out.line();
    out.doc('Pending calls and discarded (late or duplicate) replies.');
    out.block(`get stats(): ${clientStats} {`, () => out.line('return this.#rpc.stats;'));
    out.line();
    out.doc('Fails pending calls with CANCELLED and releases the reply channel.');
    out.block('close(): Promise<void> {', () => out.line('return this.#rpc.close();'));
  });
  out.line();

  const ctxType = ctx.rtType('CallContext');
  out.doc(service.doc, `What ${article(service.fullName)} ${service.fullName} server implements: one handler per method.`);
  out.block(`export interface ${names.handlers} {`, () => {
    for (const m of service.methods) {
      const res = tsType(m.response, ctx);
      if (m.kind === 'serverStream') {
        out.doc(docWithNotes(m.doc, [STREAM_HANDLER_NOTE]));
        out.line(`${m.tsName}(request: ${tsType(m.request, ctx)}, context: ${ctxType}): AsyncIterable<${res}>;`);
      } else {
        out.doc(m.doc);
        out.line(`${m.tsName}(request: ${tsType(m.request, ctx)}, context: ${ctxType}): Promise<${res}> | ${res};`);
      }
    }
  });
  out.line();

  const serve = ctx.rt('serve');
  const server = ctx.rtType('Server');
  const serverOptions = ctx.rtType('ServerOptions');
  out.doc(
    `Serves ${service.fullName} on \`connection\`: declares its queue and answers calls with \`handlers\`.`,
    '`await server.close()` drains in-flight calls.',
  );
  out.block(
    `export function ${names.serve}(connection: ${conn}, handlers: ${names.handlers}, options?: ${serverOptions}): Promise<${server}> {`,
    () => out.line(`return ${serve}(connection, ${def}, handlers, options);`),
  );
}

const STREAM_HANDLER_NOTE =
  'Streams its replies: typically an `async function*`; `context.signal` aborts when the caller cancels, at the deadline or when the server closes.';

function methodNotes(m: MethodDecl): string[] {
  const notes: string[] = [];
  if (m.kind === 'serverStream') {
    notes.push('Streams its replies: iterate with `for await`; `break` (or aborting `options.signal`) cancels the stream on the server.');
  }
  if (m.idempotent) notes.push('Idempotent: retried after a connection loss while its deadline allows.');
  if (m.timeoutMs !== undefined) notes.push(`Default deadline: ${m.timeoutMs} ms.`);
  return notes;
}
