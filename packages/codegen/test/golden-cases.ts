import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, type GeneratedFile } from '../src/index.js';

/** Where the golden cases live: each folder holds `contracts/` in and `expected/` out. */
export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

export interface GoldenCase {
  readonly name: string;
  readonly contractsDir: string;
  readonly expectedDir: string;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(GOLDEN_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(GOLDEN_DIR, e.name, 'contracts')))
    .map((e) => ({
      name: e.name,
      contractsDir: path.join(GOLDEN_DIR, e.name, 'contracts'),
      expectedDir: path.join(GOLDEN_DIR, e.name, 'expected'),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function generateCase(c: GoldenCase): readonly GeneratedFile[] {
  return generate({ contractsDir: c.contractsDir }).files;
}

export function readExpected(c: GoldenCase, file: string): string | undefined {
  const p = path.join(c.expectedDir, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}
