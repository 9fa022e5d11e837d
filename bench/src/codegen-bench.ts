import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './options.js';
import { writeProtoServices, writeTsServices } from './synthetic-contracts.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WARREN_BIN = path.join(repo, 'packages/cli/bin/warren.js');

export type CodegenStatus = 'ok' | 'not-supported' | 'failed';

/** `warren codegen` on one set of contracts, each run a fresh process writing a fresh directory. */
export interface CodegenRow {
  name: string;
  services: number;
  status: CodegenStatus;
  /** Wall time of each cold run (fresh process, WARREN_CODE_CACHE=0), process start to exit, ms. */
  wallMs: number[];
  /** What the command itself reports ("in N ms") on the cold runs: parse, emit and write, without node's start-up. */
  reportedMs: number[];
  /** Wall time of fresh-process runs with codegen's on-disk code cache as shipped (the first may fill it), ms. */
  cachedWallMs: number[];
  detail?: string;
}

/** Times cold `warren codegen` on the shipped contracts and on 200 synthetic services of each kind. */
export function runCodegen(options: BenchOptions, log: (line: string) => void): CodegenRow[] {
  const work = mkdtempSync(path.join(tmpdir(), 'warren-bench-codegen-'));
  try {
    writeProtoServices(path.join(work, 'proto'), 200);
    writeTsServices(path.join(work, 'ts'), 200);
    const cases = [
      { name: 'shipped contracts (contracts/)', dir: path.join(repo, 'contracts'), services: -1 },
      { name: '200 synthetic services, .proto', dir: path.join(work, 'proto'), services: 200 },
      { name: '200 synthetic services, TypeScript interfaces', dir: path.join(work, 'ts'), services: 200 },
    ];
    return cases.map((c, i) => {
      const row = timeCase(c.name, c.dir, c.services, path.join(work, `out-${i}`), options.codegenRuns);
      const ms = (list: number[]) => list.map((m) => m.toFixed(0)).join(' / ');
      log(`  ${row.name}: ${row.status}${row.wallMs.length ? ` ${ms(row.wallMs)} ms cold, ${ms(row.cachedWallMs)} ms with the code cache` : ''}${row.detail ? ` (${row.detail})` : ''}`);
      return row;
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function timeCase(name: string, contracts: string, services: number, outBase: string, runs: number): CodegenRow {
  const row: CodegenRow = { name, services, status: 'ok', wallMs: [], reportedMs: [], cachedWallMs: [] };
  // Cold runs first (no code cache), then the same with the cache codegen keeps on disk.
  for (let run = 0; run < 2 * runs; run++) {
    const cold = run < runs;
    const out = `${outBase}-${run}`;
    const started = performance.now();
    const res = spawnSync(process.execPath, [WARREN_BIN, 'codegen', '--contracts', contracts, '--out', out], {
      encoding: 'utf8',
      cwd: repo,
      env: cold ? { ...process.env, WARREN_CODE_CACHE: '0' } : process.env,
    });
    const wall = performance.now() - started;
    const output = `${res.stdout}\n${res.stderr}`;
    if (res.status !== 0) {
      const unsupported = /not supported yet|not yet supported/i.test(output);
      row.status = unsupported ? 'not-supported' : 'failed';
      const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
      // The CLI's own message, or a crash's "Error: ..." line rather than its source excerpt.
      row.detail = (lines.find((l) => /error|not supported/i.test(l)) ?? lines[0] ?? `exit ${res.status}`).slice(0, 200);
      return row;
    }
    if (!cold) {
      row.cachedWallMs.push(wall);
      continue;
    }
    row.wallMs.push(wall);
    const reported = /in (\d+) ms/.exec(output);
    if (reported) row.reportedMs.push(Number(reported[1]));
    const generated = /generated (\d+) service/.exec(output);
    if (generated && row.services < 0) row.services = Number(generated[1]);
  }
  return row;
}
