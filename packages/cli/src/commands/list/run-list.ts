import path from 'node:path';
import { formatLocation } from '@warren/codegen';
import { ExitCode } from '../../cli-error.js';
import { describeType, localNames } from '../../contracts/describe-type.js';
import { allServices, findService, type FoundService } from '../../contracts/find-method.js';
import { loadContractSet } from '../../contracts/load-contract-set.js';
import { shown, type Project } from '../../contracts/project-options.js';

export interface RunListOptions {
  project: Project;
  /** Only this service (short or full name). */
  service?: string | undefined;
  json: boolean;
  print: (line: string) => void;
}

/** What `warren list --json` prints: one entry per service. */
export interface ServiceListing {
  service: string;
  queue: string;
  encoding: string;
  contract: string;
  methods: {
    name: string;
    fullName: string;
    request: string;
    response: string;
    /** `serverStream`: the method streams its replies (`returns (stream T)`). */
    kind: 'unary' | 'serverStream';
    timeoutMs: number | null;
    idempotent: boolean;
    location: string;
  }[];
}

/** Lists services, queues and methods from the contracts; returns the exit code. */
export function runList(options: RunListOptions): number {
  const { project, print } = options;
  const contracts = loadContractSet(project.contractsDir, project.includePaths);
  const found = options.service ? [findService(contracts, options.service)] : allServices(contracts);
  const listings = found.map((f) => listing(f, project.contractsDir));
  if (options.json) {
    print(JSON.stringify(listings, null, 2));
    return ExitCode.ok;
  }
  if (listings.length === 0) {
    print(`no services in ${shown(project.contractsDir)} (declare one with "service Name { rpc ... }")`);
    return ExitCode.ok;
  }
  listings.forEach((s, i) => {
    if (i > 0) print('');
    print(`${s.service}  (${s.contract})`);
    print(`  queue: ${s.queue}   encoding: ${s.encoding}`);
    const rows = s.methods.map((m) => [
      `  ${m.name}(${m.request}) returns (${m.kind === 'serverStream' ? 'stream ' : ''}${m.response})`,
      m.timeoutMs === null ? 'timeout: default' : `timeout: ${m.timeoutMs} ms`,
      m.idempotent ? 'idempotent' : '',
    ]);
    const width = Math.max(0, ...rows.map((r) => r[0]!.length));
    for (const [sig, timeout, idem] of rows) print(`${sig!.padEnd(width)}   ${timeout}${idem ? `   ${idem}` : ''}`);
    if (rows.length === 0) print('  (no methods)');
  });
  return ExitCode.ok;
}

function listing({ file, service }: FoundService, contractsDir: string): ServiceListing {
  const local = localNames(file);
  const at = (loc: Parameters<typeof formatLocation>[0]) => shown(path.join(contractsDir, formatLocation(loc)));
  return {
    service: service.fullName,
    queue: service.queue,
    encoding: file.encoding,
    contract: at(service.location),
    methods: service.methods.map((m) => ({
      name: m.name,
      fullName: m.fullName,
      request: describeType(m.request, local),
      response: describeType(m.response, local),
      kind: m.kind,
      timeoutMs: m.timeoutMs ?? null,
      idempotent: m.idempotent,
      location: at(m.location),
    })),
  };
}
