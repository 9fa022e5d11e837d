import type { ContractSet, MethodDecl } from '@warren/codegen';
import { connect, DecodeError, redactUrl, RpcClient, RpcError, silentLogger, type Codec, type Connection, type MethodDefinition } from '@warren/runtime';
import { CALL_EXIT_CODES, CliError, ExitCode } from '../../cli-error.js';
import { findMethod } from '../../contracts/find-method.js';
import { loadContractSet } from '../../contracts/load-contract-set.js';
import type { Project } from '../../contracts/project-options.js';
import { parseHeaders, parseJsonArg, parseTimeout, readBodyArg } from './call-inputs.js';
import { ContractMessageTypes } from './contract-message-types.js';
import { exampleJson } from './example-json.js';

const PROTOBUF = 'application/x-protobuf';

/** How a call turns the JSON request into its body, and its reply into text. */
interface CallCodecs {
  request: Codec<unknown>;
  response: Codec<unknown>;
  print: (reply: unknown) => string;
  /** One item of a stream on one line (JSON Lines). */
  printLine: (item: unknown) => string;
}

/** Default deadline when neither --timeout nor the contract sets one: long enough for a cold service, short for a human. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface RunCallOptions {
  project: Project;
  /** `Service.Method` or `package.Service/Method`. */
  method: string;
  /** JSON text, `@file`, `@-` for stdin; undefined for `{}`. */
  body?: string | undefined;
  url: string;
  timeout?: string | number | undefined;
  headers: readonly string[];
  queue?: string | undefined;
  verbose: boolean;
  print: (line: string) => void;
  printError: (line: string) => void;
}

/** Calls one method over RabbitMQ with a JSON request and prints the reply as JSON. Returns the exit code. */
export async function runCall(options: RunCallOptions): Promise<number> {
  const { project, print, printError } = options;
  const contracts = loadContractSet(project.contractsDir, project.includePaths);
  const { file, service, method } = findMethod(contracts, options.method);
  const timeoutMs = parseTimeout(options.timeout) ?? method.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = parseHeaders(options.headers);
  const example = exampleJson(contracts, method.request);
  const { text, source } = readBodyArg(options.body);
  const json = parseJsonArg(text, source, example);

  const codecs = file.encoding === 'protobuf' ? protobufCodecs(contracts, method) : jsonCodecs();
  let body: Uint8Array;
  try {
    body = codecs.request.encode(json);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    throw new CliError(
      `the request does not fit ${describeRef(method.request)}: ${err.message}\n` +
        `  got:      ${text.length > 200 ? `${text.slice(0, 200)}...` : text}\n  expected: ${example}`,
    );
  }

  const definition: MethodDefinition<Uint8Array, unknown> = {
    name: method.tsName,
    fullName: method.fullName,
    requestCodec: { contentType: codecs.request.contentType, encode: (bytes) => bytes, decode: (bytes) => bytes },
    responseCodec: codecs.response,
    idempotent: method.idempotent,
    ...(method.kind === 'serverStream' ? { kind: 'serverStream' as const } : {}),
  };
  const queue = options.queue ?? service.queue;
  const where = redactUrl(options.url);
  // Ctrl-C from here on cancels the call (CANCELLED) rather than killing the process.
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  if (options.verbose) printError(`calling ${method.fullName} on queue ${queue} at ${where} (deadline ${timeoutMs} ms)`);
  const started = performance.now();
  let conn: Connection | undefined;
  let client: RpcClient | undefined;
  try {
    conn = await connect(options.url, { logger: silentLogger, connectTimeoutMs: Math.min(timeoutMs, 5_000) });
    client = new RpcClient(conn, { fullName: service.fullName, queue: service.queue, methods: { [method.tsName]: definition } }, { queue, timeoutMs });
    if (method.kind === 'serverStream') {
      // A stream prints each item as it arrives, one JSON document per line; the deadline bounds the whole stream.
      let items = 0;
      for await (const item of client.stream(definition, body, { timeoutMs, headers, signal: abort.signal })) {
        print(printable(codecs.printLine, item, method.fullName));
        items++;
      }
      if (options.verbose) printError(`OK: ${items} item(s) in ${Math.round(performance.now() - started)} ms`);
      return ExitCode.ok;
    }
    const reply = await client.call(definition, body, { timeoutMs, headers, signal: abort.signal });
    if (options.verbose) printError(`OK in ${Math.round(performance.now() - started)} ms`);
    print(printable(codecs.print, reply, method.fullName));
    return ExitCode.ok;
  } catch (err) {
    if (!(err instanceof RpcError)) throw err;
    // Messages may quote the URL (connection errors); never print its password.
    const message = err.message.split(options.url).join(where);
    printError(`warren: ${method.fullName} failed: ${err.code}: ${message}`);
    if (err.details !== undefined) printError(`details: ${JSON.stringify(err.details)}`);
    return CALL_EXIT_CODES[err.code];
  } finally {
    process.off('SIGINT', onSigint);
    await client?.close().catch(() => undefined);
    await conn?.close().catch(() => undefined);
  }
}

/**
 * .proto contracts: the request is read from ProtoJSON and the reply printed in it, by the
 * runtime's mapping (the one generated `fromJson` / `toJson` use), on message types built
 * from the contract's IR.
 */
function protobufCodecs(contracts: ContractSet, method: MethodDecl): CallCodecs {
  const types = new ContractMessageTypes(contracts);
  const request = types.codec(method.request);
  const response = types.codec(method.response);
  return {
    request: { contentType: PROTOBUF, encode: (json) => request.toBinary(request.fromJson(json)), decode: (bytes) => request.fromBinary(bytes) },
    response: { contentType: PROTOBUF, encode: (value) => response.toBinary(value), decode: (bytes) => response.fromBinary(bytes) },
    print: (reply) => response.toJsonString(reply, { indent: 2 }),
    printLine: (item) => response.toJsonString(item),
  };
}

/** TS-interface contracts: the body is the JSON itself; the server validates it. */
function jsonCodecs(): CallCodecs {
  const codec: Codec<unknown> = {
    contentType: 'application/json',
    encode: (value) => Buffer.from(JSON.stringify(value), 'utf8'),
    decode: (bytes) => JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as unknown,
  };
  return { request: codec, response: codec, print: (reply) => JSON.stringify(reply, null, 2), printLine: (item) => JSON.stringify(item) };
}

/** A reply as text; the call succeeded, so a reply without a JSON form is said as such. */
function printable(print: (reply: unknown) => string, reply: unknown, fullName: string): string {
  try {
    return print(reply);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    // Why a reply has no JSON form: an Any of a type the contracts do not declare, a Struct holding NaN, ...
    throw new CliError(`${fullName} answered, but its reply cannot be printed as JSON: ${err.message}`);
  }
}

function describeRef(ref: MethodDecl['request']): string {
  return 'name' in ref ? String(ref.name) : ref.kind;
}
