import { parseArgs } from 'node:util';
import { CONCURRENCIES, DEFAULT_AMQP_URL, IMPLS, isImpl, isSize, SIZES, type Impl, type Size } from './scenario.js';

export const PARTS = ['throughput', 'codegen', 'memory', 'profile', 'stream'] as const;
export type Part = (typeof PARTS)[number];

/** What one `npm run bench` does. */
export interface BenchOptions {
  quick: boolean;
  parts: Part[];
  impls: Impl[];
  sizes: Size[];
  concurrencies: number[];
  /** Rounds over every cell; odd rounds run the implementations in reverse order. */
  repeats: number;
  warmupMs: number;
  measureMs: number;
  /** Calls held in flight for the memory part. */
  inFlight: number;
  /** Concurrency of the profiled load (the profile part). */
  profileConcurrency: number;
  /** Payload size of the profiled load (the profile part). */
  profileSize: Size;
  /** Fresh-process runs per codegen case. */
  codegenRuns: number;
  /** The cluster scenario (cluster-bench.ts): opt-in, `--cluster` or `--only=cluster`. */
  cluster: boolean;
  /** Kills of the queue's leader in the cluster scenario's failover measurement. */
  failovers: number;
  /** Whether the results go into docs/benchmarks.md. */
  write: boolean;
  /** Whether the cluster scenario's results go into their own section of docs/benchmarks.md. */
  writeCluster: boolean;
  /** The command line as typed, for the report. */
  command: string;
}

export const USAGE = `npm run bench [-- options]   (BENCH_QUICK=1 is the same as --quick)

  --quick                 short cells, one codegen run: for development (about 3.5 minutes)
  --only=PARTS            comma list of ${PARTS.join(', ')}, cluster (default: all but cluster)
  --cluster               also the cluster scenario: starts a private 3-node RabbitMQ cluster
                          (test/support/cluster.ts), small calls at c=128 classic single node vs
                          quorum on the cluster, confirm cost, failover stall (about 3 minutes)
  --failovers=N           leader kills for the cluster's failover stall (default 3; 1 with --quick)
  --impl=NAMES            comma list of ${IMPLS.join(', ')}
  --size=SIZES            comma list of ${SIZES.join(', ')}
  --concurrency=LIST      comma list, default ${CONCURRENCIES.join(',')}
  --repeats=N             rounds over every cell, alternating the order (default 4; 2 with --quick)
  --warmup-ms=MS --measure-ms=MS   per cell and round (default 700 and 2000)
  --in-flight=N           calls held in flight for the memory part (default 10000)
  --profile-concurrency=N concurrency of the profiled load (default 128; 1 shows a lone caller)
  --profile-size=SIZE     payload of the profiled load, one of ${SIZES.join(', ')} (default small)
  --write / --no-write    update docs/benchmarks.md (default: only a full, non-quick run writes;
                          a non-quick cluster scenario writes its own section)
  Environment: AMQP_URL (default ${DEFAULT_AMQP_URL})`;

function list<T extends string>(raw: string | undefined, all: readonly T[], valid: (v: string) => v is T, what: string, more: readonly string[] = []): T[] {
  if (raw === undefined) return [...all];
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!valid(item)) throw new Error(`--${what}: unknown "${item}"; expected some of ${[...all, ...more].join(',')}, for example --${what}=${all[0]}`);
  }
  return items as T[];
}

function one<T extends string>(raw: string | undefined, fallback: T, valid: (v: string) => v is T, all: readonly T[], what: string): T {
  if (raw === undefined) return fallback;
  if (!valid(raw)) throw new Error(`--${what}: unknown "${raw}"; expected one of ${all.join(',')}, for example --${what}=${fallback}`);
  return raw;
}

function positive(raw: string | undefined, fallback: number, what: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${what}: expected a positive integer, for example --${what}=${fallback}; got "${raw}"`);
  return n;
}

/** Parses the command line; throws with the usage on anything it does not know. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      impl: { type: 'string' },
      size: { type: 'string' },
      concurrency: { type: 'string' },
      repeats: { type: 'string' },
      'warmup-ms': { type: 'string' },
      'measure-ms': { type: 'string' },
      'in-flight': { type: 'string' },
      'profile-concurrency': { type: 'string' },
      'profile-size': { type: 'string' },
      cluster: { type: 'boolean', default: false },
      failovers: { type: 'string' },
      write: { type: 'boolean' },
      'no-write': { type: 'boolean' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const quick = values.quick || env.BENCH_QUICK === '1';
  const isPart = (v: string): v is Part => (PARTS as readonly string[]).includes(v);
  const onlyCluster = values.only?.split(',').map((s) => s.trim()).includes('cluster') ?? false;
  const only = onlyCluster ? values.only!.split(',').filter((s) => s.trim() !== 'cluster').join(',') : values.only;
  const concurrencies =
    values.concurrency === undefined
      ? [...CONCURRENCIES]
      : values.concurrency.split(',').map((c) => positive(c.trim(), 16, 'concurrency'));
  const options: BenchOptions = {
    quick,
    parts: onlyCluster && only === '' ? [] : list(only, PARTS, isPart, 'only', ['cluster']),
    impls: list(values.impl, IMPLS, isImpl, 'impl'),
    sizes: list(values.size, SIZES, isSize, 'size'),
    concurrencies,
    repeats: positive(values.repeats, quick ? 2 : 4, 'repeats'),
    warmupMs: positive(values['warmup-ms'], quick ? 300 : 700, 'warmup-ms'),
    measureMs: positive(values['measure-ms'], quick ? 700 : 2000, 'measure-ms'),
    inFlight: positive(values['in-flight'], 10_000, 'in-flight'),
    profileConcurrency: positive(values['profile-concurrency'], 128, 'profile-concurrency'),
    profileSize: one(values['profile-size'], 'small', isSize, SIZES, 'profile-size'),
    codegenRuns: quick ? 1 : 3,
    cluster: values.cluster || onlyCluster,
    failovers: positive(values.failovers, quick ? 1 : 3, 'failovers'),
    write: false,
    writeCluster: false,
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ') + (env.BENCH_QUICK === '1' ? ' (BENCH_QUICK=1)' : ''),
  };
  const full = !quick && argv.length === 0;
  options.write = values['no-write'] ? false : (values.write ?? full);
  options.writeCluster = options.cluster && (values['no-write'] ? false : (values.write ?? !quick));
  return options;
}
