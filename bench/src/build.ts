import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiles the child processes to plain JavaScript (bench/dist): the measured clients and
 * servers then run on bare node, as in production, without tsx's loader thread (which adds
 * about 30 MiB of RSS and its own CPU to every process).
 */
export function buildChildren(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(benchDir, 'tsconfig.build.json')], { stdio: 'inherit' });
}
