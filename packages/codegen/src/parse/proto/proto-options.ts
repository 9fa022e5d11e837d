import protobuf from 'protobufjs';
import { ContractError } from '../../ir/contract-error.js';
import { editDistance } from '../nearest-name.js';
import type { ProtoLocator } from './proto-locator.js';

/** The option extensions of warren/options.proto, by fully qualified name, and what they extend. */
const WARREN_OPTIONS: Record<string, 'ServiceOptions' | 'MethodOptions'> = {
  'warren.queue': 'ServiceOptions',
  'warren.timeout_ms': 'MethodOptions',
};

/** protobuf's own options of a service or method (descriptor.proto), as written without parentheses. */
const PLAIN_OPTIONS: Record<'ServiceOptions' | 'MethodOptions', readonly string[]> = {
  ServiceOptions: ['deprecated', 'features', 'uninterpreted_option'],
  MethodOptions: ['deprecated', 'idempotency_level', 'features', 'uninterpreted_option'],
};

/** AMQP queue names are at most 255 bytes; RabbitMQ reserves the `amq.` prefix. */
const MAX_QUEUE_NAME = 255;

/**
 * Reads the warren options of a service or method: resolves every custom `(name)` option
 * against the extensions in scope (as protoc does), reports unknown ones and misplaced ones,
 * and returns the values of warren's own.
 */
export function warrenOptions(
  obj: protobuf.Service | protobuf.Method,
  key: string,
  locator: ProtoLocator,
  errors: ContractError[],
): { queue?: string; timeoutMs?: number } {
  const target = obj instanceof protobuf.Service ? 'ServiceOptions' : 'MethodOptions';
  const scope = obj instanceof protobuf.Service ? obj.parent : obj.parent?.parent;
  const result: { queue?: string; timeoutMs?: number } = {};
  for (const [name, value] of Object.entries(obj.options ?? {})) {
    const custom = /^\(([^)]+)\)(.*)$/.exec(name);
    const at = locator.find(`${key}#option:${name}`);
    if (!custom) {
      // protobufjs keeps any plain option; protoc rejects one descriptor.proto does not define.
      if (!PLAIN_OPTIONS[target].includes(name.split('.')[0]!)) {
        errors.push(new ContractError(at, `unknown option ${name}: ${meant(name, target)}`));
      }
      continue;
    }
    let ext: protobuf.ReflectionObject | null = null;
    try {
      ext = scope?.lookup(custom[1]!) ?? null;
    } catch {
      ext = null;
    }
    if (!(ext instanceof protobuf.Field) || !ext.extend) {
      errors.push(
        new ContractError(
          at,
          `unknown option ${name}: ${meant(name, target)}`,
        ),
      );
      continue;
    }
    const full = ext.fullName.replace(/^\./, '');
    const extended = ext.extend.replace(/^\.?google\.protobuf\./, '');
    if (extended !== target) {
      errors.push(new ContractError(at, `option ${name} extends google.protobuf.${extended}, so it cannot be set on a ${target === 'ServiceOptions' ? 'service' : 'method'}`));
      continue;
    }
    if (WARREN_OPTIONS[full] !== target) continue;
    if (full === 'warren.queue') {
      if (typeof value !== 'string' || value === '' || Buffer.byteLength(value) > MAX_QUEUE_NAME || value.startsWith('amq.')) {
        errors.push(
          new ContractError(
            at,
            `option ${name} expects a queue name of 1 to ${MAX_QUEUE_NAME} bytes not starting with "amq.", ` +
              `for example option (warren.queue) = "billing.invoices"; found ${JSON.stringify(value)}`,
          ),
        );
      } else result.queue = value;
    } else if (full === 'warren.timeout_ms') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 2 ** 32 - 1) {
        errors.push(
          new ContractError(
            at,
            `option ${name} expects a positive whole number of milliseconds, for example option (warren.timeout_ms) = 2000; found ${JSON.stringify(value)}`,
          ),
        );
      } else result.timeoutMs = value;
    }
  }
  return result;
}

/**
 * What an unknown option of a service or method probably meant, and what is allowed there:
 * `queue` or `(warren.queu)` on a service means `(warren.queue)`, `timeout_ms` or
 * `(warren.timeoutMs)` on a method means `(warren.timeout_ms)`.
 */
function meant(name: string, target: 'ServiceOptions' | 'MethodOptions'): string {
  const fields = PLAIN_OPTIONS[target].filter((o) => o !== 'uninterpreted_option' && o !== 'features');
  const known = [...Object.keys(WARREN_OPTIONS).map((o) => `(${o})`), ...fields];
  const bare = (o: string) => o.replace(/[()]/g, '').replace(/^warren\./, '').replace(/_/g, '').toLowerCase();
  const wanted = bare(name);
  let best: { option: string; distance: number } | undefined;
  for (const option of known) {
    const distance = bare(option).startsWith(wanted) && wanted.length >= 6 ? 0 : editDistance(wanted, bare(option));
    if (distance <= 2 && (!best || distance < best.distance)) best = { option, distance };
  }
  const elsewhere = best && WARREN_OPTIONS[best.option.slice(1, -1)] === (target === 'ServiceOptions' ? 'MethodOptions' : 'ServiceOptions');
  const hint = best ? `did you mean ${best.option}${elsewhere ? ` (on a ${target === 'ServiceOptions' ? 'method' : 'service'})` : ''}? ` : '';
  return (
    `${hint}Expected an extension of google.protobuf.${target} in scope, or ${fields.join(' or ')}; ` +
    `warren's are (warren.queue) on a service and (warren.timeout_ms) on a method, with import "warren/options.proto";`
  );
}
