import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The real `warren` binary, as npm links it; it runs packages/cli/dist (build first). */
export const WARREN_BIN = path.join(REPO, 'packages/cli/bin/warren.js');

if (!existsSync(path.join(REPO, 'packages/cli/dist/main.js'))) {
  throw new Error('packages/cli/dist is missing: run "npx turbo run build" before the CLI tests');
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Kill the process after this long (a hung command fails the test instead of the suite). */
  timeoutMs?: number;
}

/** Runs `node packages/cli/bin/warren.js ...args` as a child process and collects its output. */
export function runWarren(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WARREN_BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * A temporary project: `contracts/` with the given files, a package.json of type module, and
 * node_modules linked to the repo's so generated code and scaffolds resolve @warren/runtime.
 */
export function tempProject(contracts: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'warren-cli-'));
  for (const [file, text] of Object.entries(contracts)) writeContract(dir, file, text);
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes (or overwrites) `contracts/<file>` in a temp project. */
export function writeContract(dir: string, file: string, text: string): void {
  const target = path.join(dir, 'contracts', file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
}

/** Copies the repo's calculator contract into a temp project. */
export function copyCalculator(dir: string): void {
  mkdirSync(path.join(dir, 'contracts'), { recursive: true });
  cpSync(path.join(REPO, 'contracts/calculator.proto'), path.join(dir, 'contracts/calculator.proto'));
}
