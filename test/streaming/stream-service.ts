import { RpcError, type CallContext, type MethodDefinition, type ServiceDefinition } from '@warren/runtime';
import { protobufCodec } from '@warren/runtime/codegen';
import { CalculateReply, CalculateRequest } from '../../generated/calculator.js';

/** A stream method of the test service: CalculateRequest in, CalculateReply items out. */
function streamMethod(name: string): MethodDefinition<CalculateRequest, CalculateReply> & { readonly kind: 'serverStream' } {
  return {
    name,
    fullName: `warren.test.Streams.${name}`,
    requestCodec: protobufCodec(CalculateRequest),
    responseCodec: protobufCodec(CalculateReply),
    idempotent: false,
    kind: 'serverStream',
  };
}

/** Hand-written until codegen emits streams: every method is server-streaming. */
export function streamService(queue: string) {
  return {
    fullName: 'warren.test.Streams',
    queue,
    methods: {
      /** n items, 0..n-1, then the end. */
      count: streamMethod('Count'),
      /** n items, then an ABORTED error. */
      failAfter: streamMethod('FailAfter'),
      /** Items until cancelled; the probe counts them. */
      endless: streamMethod('Endless'),
      /** One item, then waits for its signal. */
      stall: streamMethod('Stall'),
    },
  } as const satisfies ServiceDefinition;
}

/** What the handlers saw, for the tests to check. */
export interface StreamProbe {
  produced: number;
  aborted: unknown;
  finallyRan: boolean;
}

/** The handlers, as async generators; `probe` records the endless and stall streams. */
export function streamHandlers(probe: StreamProbe) {
  return {
    async *count(req: CalculateRequest) {
      for (let i = 0n; i < req.n; i++) yield { result: i };
    },
    async *failAfter(req: CalculateRequest) {
      for (let i = 0n; i < req.n; i++) yield { result: i };
      throw new RpcError('ABORTED', `failed after ${req.n} items`);
    },
    async *endless(_req: CalculateRequest, ctx: CallContext) {
      ctx.signal.addEventListener('abort', () => (probe.aborted = ctx.signal.reason));
      try {
        for (let i = 0n; ; i++) {
          probe.produced++;
          yield { result: i };
        }
      } finally {
        probe.finallyRan = true;
      }
    },
    async *stall(_req: CalculateRequest, ctx: CallContext) {
      yield { result: 1n };
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      probe.aborted = ctx.signal.reason;
    },
  };
}

export function newProbe(): StreamProbe {
  return { produced: 0, aborted: undefined, finallyRan: false };
}
