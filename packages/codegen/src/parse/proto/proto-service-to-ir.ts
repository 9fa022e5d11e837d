import protobuf from 'protobufjs';
import type { MethodDecl, ServiceDecl } from '../../ir/contract.js';
import { ContractError } from '../../ir/contract-error.js';
import { lowerCamel } from '../../ir/names.js';
import type { TypeRef, WellKnownName } from '../../ir/type-ref.js';
import type { ProtoLocator } from './proto-locator.js';
import { doc, fq, UNSUPPORTED_WELL_KNOWN, WELL_KNOWN } from './proto-names.js';
import { warrenOptions } from './proto-options.js';

/** What generated clients have besides their methods. */
const CLIENT_MEMBERS = new Set(['close', 'stats', 'constructor']);

const IDEMPOTENCY_LEVELS = new Set(['IDEMPOTENCY_UNKNOWN', 'NO_SIDE_EFFECTS', 'IDEMPOTENT']);

/**
 * Converts a protobufjs service into the IR: methods with their options (idempotency_level,
 * warren.timeout_ms), the queue (warren.queue), comments, server streaming (`returns (stream T)`); client and bidi streaming are reported.
 */
export function serviceToIr(service: protobuf.Service, locator: ProtoLocator, errors: ContractError[]): ServiceDecl {
  const fullName = fq(service.fullName);
  const methods: MethodDecl[] = [];
  for (const m of service.methodsArray) {
    const key = `${fullName}.${m.name}`;
    if (m.requestStream) {
      // Server streaming only: a stream of requests has no place in protocol v1.1.
      const returns = m.responseStream ? `stream ${m.responseType}` : m.responseType;
      errors.push(
        new ContractError(
          locator.find(key),
          `${m.responseStream ? 'bidirectional' : 'client'} streaming method ${m.name}: client and bidirectional streaming ` +
            `are not supported; see docs/streaming.md (write "rpc ${m.name}(${m.requestType}) returns (${returns});")`,
        ),
      );
      continue;
    }
    // Looked up one by one (not m.resolve()), so an unknown request does not hide the response.
    const lookup = (name: string) => {
      try {
        return service.parent!.lookupType(name);
      } catch {
        return null;
      }
    };
    const request = methodType(lookup(m.requestType), m.requestType, locator.find(`${key}#request`), errors);
    const response = methodType(lookup(m.responseType), m.responseType, locator.find(`${key}#response`), errors);
    const level = m.options?.['idempotency_level'];
    if (level !== undefined && !IDEMPOTENCY_LEVELS.has(String(level))) {
      errors.push(
        new ContractError(
          locator.find(`${key}#option:idempotency_level`),
          `idempotency_level ${String(level)} is not one of IDEMPOTENCY_UNKNOWN, NO_SIDE_EFFECTS, IDEMPOTENT`,
        ),
      );
    }
    const options = warrenOptions(m, key, locator, errors);
    const tsName = lowerCamel(m.name);
    const clash = CLIENT_MEMBERS.has(tsName) ? 'a member of the generated client' : methods.find((o) => o.tsName === tsName)?.name;
    if (clash) {
      errors.push(new ContractError(locator.find(key), `method ${m.name} would be "${tsName}" in TypeScript, as ${clash} is: rename it`));
    }
    methods.push({
      name: m.name,
      tsName,
      fullName: key,
      request,
      response,
      idempotent: level === 'IDEMPOTENT' || level === 'NO_SIDE_EFFECTS',
      kind: m.responseStream ? 'serverStream' : 'unary',
      timeoutMs: options.timeoutMs,
      doc: doc(m.comment),
      location: locator.find(key),
    });
  }
  return {
    fullName,
    tsName: service.name,
    queue: warrenOptions(service, fullName, locator, errors).queue ?? fullName,
    methods,
    doc: doc(service.comment),
    location: locator.find(fullName),
  };
}

function methodType(resolved: protobuf.Type | null, name: string, at: ContractError['location'], errors: ContractError[]): TypeRef {
  if (!resolved) {
    errors.push(new ContractError(at, `unknown message type "${name}": declare it, or import the .proto that declares it`));
    return { kind: 'message', name };
  }
  const full = fq(resolved.fullName);
  const unsupported = UNSUPPORTED_WELL_KNOWN[full];
  if (unsupported) errors.push(new ContractError(at, `${full} is not supported yet as a request or response: use a message of your own`));
  return WELL_KNOWN.has(full) ? { kind: 'wellKnown', name: full as WellKnownName } : { kind: 'message', name: full };
}
