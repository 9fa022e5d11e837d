import type { MethodDefinition, ServiceDefinition } from '@warren/runtime';
import { protobufCodec } from '@warren/runtime/codegen';
import { CalculateReply, CalculateRequest } from '../../generated/calculator.js';

/** The stream bench's service: `count` streams n small items (CalculateReply), `endless` never ends. */
export function streamBenchService(queue: string) {
  const method = (name: string): MethodDefinition<CalculateRequest, CalculateReply> & { readonly kind: 'serverStream' } => ({
    name,
    fullName: `warren.bench.Streams.${name}`,
    requestCodec: protobufCodec(CalculateRequest),
    responseCodec: protobufCodec(CalculateReply),
    idempotent: false,
    kind: 'serverStream',
  });
  return { fullName: 'warren.bench.Streams', queue, methods: { count: method('Count'), endless: method('Endless') } } as const satisfies ServiceDefinition;
}
